import type { TableData } from '../table';
import { formatCount } from '../units';
import { GATEWAY_OPCODES, type GatewayOpName } from './gateway';
import { guildFanout } from './fanout';
import { SEND_US_MAX, SEND_US_MIN } from './facts';
import { formatDurationUs, formatEventsPerSecond } from './tables';

/**
 * The gateway chapter's live figure: this server's own guilds (the follow service) beside the fan-out
 * model. The same guildFanout that replays Discord's 2017 guild prices this server's last fan-out at
 * Discord's measured cost per send, so the reader sees the model and a real measurement side by side.
 */

/** What each opcode this project uses is for, and who sends it (from Discord's Gateway documentation). */
export const OPCODE_ROLES: Record<GatewayOpName, { direction: 'server' | 'client' | 'both'; meaning: string }> = {
  DISPATCH: { direction: 'server', meaning: 'an event, numbered s, named t' },
  HEARTBEAT: { direction: 'client', meaning: 'I am alive; the last s I saw' },
  IDENTIFY: { direction: 'client', meaning: 'start a session in this guild' },
  RESUME: { direction: 'client', meaning: 'continue my session after s' },
  RECONNECT: { direction: 'server', meaning: 'reconnect and resume' },
  INVALID_SESSION: { direction: 'server', meaning: 'cannot continue; identify again' },
  HELLO: { direction: 'server', meaning: 'heartbeat every n ms' },
  HEARTBEAT_ACK: { direction: 'server', meaning: 'heartbeat received' },
};

/** The opcode table (the figure's still). */
export function opcodeTable(): TableData {
  return {
    caption: 'Gateway opcodes this site speaks, with Discord’s numbers',
    columns: ['op', 'Name', 'Sent by', 'Means'],
    rows: (Object.entries(GATEWAY_OPCODES) as [GatewayOpName, number][]).map(([name, op]) => [
      op,
      name,
      OPCODE_ROLES[name].direction === 'server' ? 'server' : 'client',
      OPCODE_ROLES[name].meaning,
    ]),
  };
}

export interface LiveFanout {
  /** Sessions the last fan-out on this server reached. */
  sessions: number;
  /** Measured: from the guild's mailbox to the last session's socket write, in µs. */
  measuredUs: number;
}

export interface FanoutVersusModel {
  sessions: number;
  measuredUs: number;
  measuredPerSendUs: number;
  /** The same fan-out in one Discord guild process at 30 and 70 µs per send/2 (2017). */
  discordMinUs: number;
  discordMaxUs: number;
}

export function fanoutVersusModel({ sessions, measuredUs }: LiveFanout): FanoutVersusModel {
  const at = (sendUs: number) => guildFanout({ members: sessions, onlinePercent: 100, sessionNodes: 1, manifold: false, sendUs });
  return {
    sessions,
    measuredUs,
    measuredPerSendUs: sessions > 0 ? measuredUs / sessions : 0,
    discordMinUs: at(SEND_US_MIN).guildBusyUs,
    discordMaxUs: at(SEND_US_MAX).guildBusyUs,
  };
}

/** Share of bytes permessage-deflate saved on a connection (0.62 = 62 % fewer). */
export function deflateSavings(wireBytes: number, uncompressedBytes: number): number {
  return uncompressedBytes > 0 ? Math.max(0, 1 - wireBytes / uncompressedBytes) : 0;
}

export interface LiveGatewaySnapshot {
  guilds: { kind: 'class' | 'site'; sessions: number }[];
  eventsPerSecond: number;
  sendsPerSecond: number;
  lastFanout: LiveFanout | null;
  bytes: { wireBytes: number; uncompressedBytes: number; deflate: boolean } | null;
}

/** The live figure's data table, for whatever the server reported last. */
export function liveGatewayTable(snapshot: LiveGatewaySnapshot): TableData {
  const rows: (string | number)[][] = [
    ['Guilds on this server', snapshot.guilds.length],
    ['Sessions (open pages in those guilds)', snapshot.guilds.reduce((n, g) => n + g.sessions, 0)],
    ['Events a second, all guilds', formatEventsPerSecond(snapshot.eventsPerSecond)],
    ['Session sends a second', formatEventsPerSecond(snapshot.sendsPerSecond)],
  ];
  if (snapshot.lastFanout) {
    const v = fanoutVersusModel(snapshot.lastFanout);
    rows.push(
      [`Last fan-out here, to ${formatCount(v.sessions)} sessions (measured)`, formatDurationUs(v.measuredUs)],
      [`The same in a Discord guild process at ${SEND_US_MIN} to ${SEND_US_MAX} µs a send (model)`, `${formatDurationUs(v.discordMinUs)} to ${formatDurationUs(v.discordMaxUs)}`],
    );
  }
  if (snapshot.bytes) {
    rows.push(
      ['Bytes sent to you, as they crossed the network', formatCount(snapshot.bytes.wireBytes)],
      ['The same frames without permessage-deflate', formatCount(snapshot.bytes.uncompressedBytes)],
      ['Saved by compression', `${Math.round(deflateSavings(snapshot.bytes.wireBytes, snapshot.bytes.uncompressedBytes) * 100)} %`],
    );
  }
  return { caption: 'This server’s gateway right now, and the fan-out model beside it', columns: ['Measure', 'Value'], rows };
}
