import { describe, expect, it } from 'vitest';
import {
  BIG_GUILD_ONLINE_2017,
  FANOUT_REPLAY_PAUSE_US,
  fanoutProgress,
  fanoutTable,
  formatDurationUs,
  guildFanout,
  onlineSessions,
  sessionsPerNode,
  stepFanoutClock,
  type FanoutInput,
} from '@/lib/guild';

const OVERWATCH: FanoutInput = { members: 100_000, onlinePercent: 30, sessionNodes: 8, manifold: false, sendUs: 50 };

describe('guild fan-out without Manifold', () => {
  it('has one session per online member', () => {
    expect(onlineSessions(100_000, 30)).toBe(BIG_GUILD_ONLINE_2017);
    expect(onlineSessions(1_001, 50)).toBe(501);
  });

  it('one event to a 30,000-member guild costs 0.9 to 2.1 s of sends without batching', () => {
    const f = guildFanout(OVERWATCH);
    expect(f.onlineSessions).toBe(30_000);
    expect(f.guildSends).toBe(30_000);
    expect(f.guildBusyMinUs).toBe(900_000);
    expect(f.guildBusyMaxUs).toBe(2_100_000);
    expect(formatDurationUs(f.guildBusyMinUs)).toBe('900 ms');
    expect(formatDurationUs(f.guildBusyMaxUs)).toBe('2.1 s');
  });

  it('sends every one of those messages across the network, and the last one lands when the guild finishes', () => {
    const f = guildFanout(OVERWATCH);
    expect(f.interNodeMessages).toBe(30_000);
    expect(f.guildBusyUs).toBe(1_500_000);
    expect(f.lastDeliveryUs).toBe(1_500_000);
    expect(f.nodes.map((n) => n.messagesIn)).toEqual(Array(8).fill(3_750));
    expect(f.nodes.every((n) => n.localSends === 0)).toBe(true);
  });

  it('lets the guild process fan out fewer than one event a second at 50 µs a send', () => {
    expect(guildFanout(OVERWATCH).maxEventsPerSecond).toBeCloseTo(2 / 3, 12);
  });
});

describe('guild fan-out with Manifold', () => {
  const f = guildFanout({ ...OVERWATCH, manifold: true });

  it('makes the guild process call send/2 once per session node', () => {
    expect(f.guildSends).toBe(8);
    expect(f.guildBusyUs).toBe(400);
    expect(f.guildBusyMinUs).toBe(240);
    expect(f.guildBusyMaxUs).toBe(560);
    expect(f.interNodeMessages).toBe(8);
    expect(f.maxEventsPerSecond).toBe(2_500);
  });

  it('moves the per-session sends onto the session nodes, in parallel', () => {
    expect(f.nodes.map((n) => n.localSends)).toEqual(Array(8).fill(3_750));
    expect(f.nodes.map((n) => n.messagesIn)).toEqual(Array(8).fill(1));
    // The eighth node gets its batch after 8 guild sends, then makes 3,750 sends of its own.
    expect(f.lastDeliveryUs).toBe((8 + 3_750) * 50);
  });

  it('sends nothing and is never busy when nobody is online', () => {
    const small = guildFanout({ members: 1_000, onlinePercent: 0, sessionNodes: 4, manifold: true, sendUs: 30 });
    expect(small.guildSends).toBe(0);
    expect(small.lastDeliveryUs).toBe(0);
    expect(small.maxEventsPerSecond).toBe(Infinity);
  });
});

describe('sessions spread over nodes', () => {
  it('splits evenly and gives the remainder to the first nodes', () => {
    expect(sessionsPerNode(10, 4)).toEqual([3, 3, 2, 2]);
    expect(sessionsPerNode(2, 4)).toEqual([1, 1, 0, 0]);
  });

  it('with Manifold sends one batch to each node that holds sessions, and none to empty ones', () => {
    const f = guildFanout({ members: 1_000, onlinePercent: 0, sessionNodes: 4, manifold: true, sendUs: 30 });
    expect(f.nodes.map((n) => n.messagesIn)).toEqual([0, 0, 0, 0]);
    const g = guildFanout({ members: 2_000, onlinePercent: 1, sessionNodes: 32, manifold: true, sendUs: 30 });
    expect(g.onlineSessions).toBe(20);
    expect(g.guildSends).toBe(20);
    expect(g.lastDeliveryUs).toBe((1 + 1) * 30 + 19 * 30);
  });

  it('rejects inputs that are not a guild', () => {
    expect(() => guildFanout({ ...OVERWATCH, onlinePercent: 101 })).toThrow(RangeError);
    expect(() => guildFanout({ ...OVERWATCH, sessionNodes: 0 })).toThrow(RangeError);
    expect(() => guildFanout({ ...OVERWATCH, sendUs: 0 })).toThrow(RangeError);
  });
});

describe('fan-out replay', () => {
  const plain = guildFanout({ members: 100, onlinePercent: 100, sessionNodes: 4, manifold: false, sendUs: 50 });
  const batched = guildFanout({ members: 100, onlinePercent: 100, sessionNodes: 4, manifold: true, sendUs: 50 });

  it('without Manifold reaches sessions one send at a time, round the nodes', () => {
    expect(fanoutProgress(plain, 0).delivered).toBe(0);
    expect(fanoutProgress(plain, 299).deliveredByNode).toEqual([2, 1, 1, 1]);
    expect(fanoutProgress(plain, 300).guildSendsDone).toBe(6);
    expect(fanoutProgress(plain, 300).deliveredByNode).toEqual([2, 2, 1, 1]);
    expect(fanoutProgress(plain, 5_000)).toMatchObject({ delivered: 100, done: true });
  });

  it('with Manifold reaches each node’s sessions after its batch arrives, all nodes at once', () => {
    // Node 1's batch arrives at 50 µs, node 4's at 200 µs; each node then sends every 50 µs.
    expect(fanoutProgress(batched, 300).deliveredByNode).toEqual([5, 4, 3, 2]);
    expect(fanoutProgress(batched, batched.lastDeliveryUs - 1).done).toBe(false);
    expect(fanoutProgress(batched, batched.lastDeliveryUs)).toMatchObject({ delivered: 100, done: true });
    expect(batched.lastDeliveryUs).toBe((4 + 25) * 50);
  });

  it('steps its clock in real time and starts the next event after a pause', () => {
    const clock = stepFanoutClock({ elapsedUs: 0 }, plain, 16);
    expect(clock.elapsedUs).toBe(16_000);
    const end = plain.lastDeliveryUs + FANOUT_REPLAY_PAUSE_US;
    expect(stepFanoutClock({ elapsedUs: end - 1_000 }, plain, 1).elapsedUs).toBe(end);
    expect(stepFanoutClock({ elapsedUs: end }, plain, 1).elapsedUs).toBe(0);
  });
});

describe('fan-out data table', () => {
  it('compares one event without and with Manifold for the reader’s inputs', () => {
    const table = fanoutTable({ members: 100_000, onlinePercent: 30, sessionNodes: 8, sendUs: 50 });
    expect(table.caption).toBe(
      'One event in a guild of 100,000 members, 30 % online (30,000 sessions on 8 session nodes), at 50 µs per send/2',
    );
    expect(table.columns).toEqual(['For one event', 'Without Manifold', 'With Manifold']);
    expect(table.rows).toEqual([
      ['send/2 calls by the guild process', 30_000, 8],
      ['Guild process busy', '1.5 s', '400 µs'],
      ['Busy at 30 to 70 µs per send', '900 ms to 2.1 s', '240 µs to 560 µs'],
      ['Messages between machines', 30_000, 8],
      ['send/2 calls on the busiest session node', 0, 3_750],
      ['Last session reached after (one sender per node)', '1.5 s', '188 ms'],
      ['Events per second the guild process can fan out', '0.67', '2,500'],
    ]);
  });
});
