import type { TableData } from '../table';
import { formatCount } from '../units';
import { SEND_US_MAX, SEND_US_MIN } from './facts';
import { guildFanout, type Fanout, type FanoutInput } from './fanout';

/** "45 µs", "900 ms", "2.1 s": the unit that keeps the number short. */
export function formatDurationUs(us: number): string {
  if (us < 1000) return `${formatCount(us)} µs`;
  if (us < 1_000_000) {
    const ms = us / 1000;
    return `${ms < 10 ? ms.toLocaleString('en-US', { maximumFractionDigits: 1 }) : formatCount(ms)} ms`;
  }
  return `${(us / 1_000_000).toLocaleString('en-US', { maximumFractionDigits: 1 })} s`;
}

/** "0.9 to 2.1 s" style range at the measured cheapest and dearest send. */
export function formatBusyRange(fanout: Fanout): string {
  return `${formatDurationUs(fanout.guildBusyMinUs)} to ${formatDurationUs(fanout.guildBusyMaxUs)}`;
}

export function formatEventsPerSecond(perSecond: number): string {
  if (!Number.isFinite(perSecond)) return 'no limit';
  return perSecond < 10
    ? perSecond.toLocaleString('en-US', { maximumFractionDigits: 2 })
    : formatCount(perSecond);
}

/** The same guild with and without Manifold, side by side. */
export function fanoutComparison(input: Omit<FanoutInput, 'manifold'>): { plain: Fanout; manifold: Fanout } {
  return { plain: guildFanout({ ...input, manifold: false }), manifold: guildFanout({ ...input, manifold: true }) };
}

/** The fan-out figure's data table: one event, without and with Manifold, for the reader's inputs. */
export function fanoutTable(input: Omit<FanoutInput, 'manifold'>): TableData {
  const { plain, manifold } = fanoutComparison(input);
  const busiest = (f: Fanout) => Math.max(0, ...f.nodes.map((n) => n.localSends));
  const row = (label: string, value: (f: Fanout) => string | number): (string | number)[] => [label, value(plain), value(manifold)];
  return {
    caption:
      `One event in a guild of ${formatCount(input.members)} members, ${input.onlinePercent} % online ` +
      `(${formatCount(plain.onlineSessions)} sessions on ${formatCount(input.sessionNodes)} session nodes), ` +
      `at ${formatCount(input.sendUs)} µs per send/2`,
    columns: ['For one event', 'Without Manifold', 'With Manifold'],
    rows: [
      row('send/2 calls by the guild process', (f) => f.guildSends),
      row('Guild process busy', (f) => formatDurationUs(f.guildBusyUs)),
      row(`Busy at ${SEND_US_MIN} to ${SEND_US_MAX} µs per send`, formatBusyRange),
      row('Messages between machines', (f) => f.interNodeMessages),
      row('send/2 calls on the busiest session node', busiest),
      row('Last session reached after (one sender per node)', (f) => formatDurationUs(f.lastDeliveryUs)),
      row('Events per second the guild process can fan out', (f) => formatEventsPerSecond(f.maxEventsPerSecond)),
    ],
  };
}
