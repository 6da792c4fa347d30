import { indexBounds, type InputBounds } from '../bounds';
import { BIG_GUILD_ONLINE_2017, SEND_US_MAX, SEND_US_MIN } from './facts';

/**
 * One event in a guild, fanned out by Discord's Elixir backend (2017 post, "How Discord Scaled Elixir to
 * 5,000,000 Concurrent Users"): one guild process per guild, one session process per online user, and the
 * guild process calls send/2 once for each online member's session. Sessions live on other machines
 * (session nodes) than the guild process, so every one of those sends crosses the network between nodes.
 *
 * With Manifold, the guild process groups the session pids by node and sends one message per node to a
 * partitioner there, which does that node's sends locally. The guild process then calls send/2 once per
 * node instead of once per session. (The real partitioner also splits a node's batch over its cores; this
 * model gives each node one sender, so its "last session reached" is an upper bound.)
 */
export interface FanoutInput {
  /** Members of the guild. */
  members: number;
  /** Share of members online, in whole percent (0..100). Each online member has one session process. */
  onlinePercent: number;
  /** Erlang nodes (machines) the guild's online sessions are spread over, evenly. */
  sessionNodes: number;
  /** Batch the sends per node with Manifold. */
  manifold: boolean;
  /** Cost of one send/2 call in microseconds (30 to 70 measured in 2017). */
  sendUs: number;
}

export interface NodeFanout {
  /** 1-based node number. */
  node: number;
  /** Online sessions on this node. */
  sessions: number;
  /** Messages this node receives from the guild process: one per session, or one batch with Manifold. */
  messagesIn: number;
  /** send/2 calls made on this node (by Manifold's partitioner); 0 without Manifold. */
  localSends: number;
}

export interface Fanout {
  input: FanoutInput;
  onlineSessions: number;
  /** send/2 calls the guild process itself makes for one event. */
  guildSends: number;
  /** Time the guild process spends on those sends, at the input's send cost. It handles nothing else meanwhile. */
  guildBusyUs: number;
  /** The same, at the measured cheapest and dearest send. */
  guildBusyMinUs: number;
  guildBusyMaxUs: number;
  /** Messages that cross between machines for one event. */
  interNodeMessages: number;
  /** When the last session has the event, from the moment the guild process starts sending. */
  lastDeliveryUs: number;
  /** Events a second the guild process could fan out if it did nothing else (Infinity when it sends nothing). */
  maxEventsPerSecond: number;
  nodes: NodeFanout[];
}

/** Guild sizes the figure's slider steps through, up to the two million online of the 2023 Maxjourney post. */
export const GUILD_SIZE_STEPS = [
  1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000, 2_000_000,
] as const;
export const NODES_MIN = 1;
export const NODES_MAX = 32;

/**
 * The figure starts with the 2017 post's big guild online: up to 30,000 people (/r/Overwatch), at the middle of the
 * measured send cost. The post gives no member count, so the 100,000 members (and so the 30 % online) are the
 * model's choice; only the number online changes the cost.
 */
export const DEFAULT_GUILD_MEMBERS = 100_000;
export const DEFAULT_FANOUT_INPUT: Readonly<FanoutInput> = Object.freeze({
  members: DEFAULT_GUILD_MEMBERS,
  onlinePercent: Math.round((BIG_GUILD_ONLINE_2017 / DEFAULT_GUILD_MEMBERS) * 100),
  sessionNodes: 8,
  manifold: false,
  sendUs: (SEND_US_MIN + SEND_US_MAX) / 2,
});

/** What the figure's sliders offer: guild size by step (an index into GUILD_SIZE_STEPS), share online, nodes, send cost. */
export const FANOUT_BOUNDS: Readonly<Record<'sizeStep' | 'onlinePercent' | 'sessionNodes' | 'sendUs', InputBounds>> = Object.freeze({
  sizeStep: indexBounds(GUILD_SIZE_STEPS),
  onlinePercent: { min: 0, max: 100, step: 1 },
  sessionNodes: { min: NODES_MIN, max: NODES_MAX, step: 1 },
  sendUs: { min: SEND_US_MIN, max: SEND_US_MAX, step: 5 },
});

function assertInput({ members, onlinePercent, sessionNodes, sendUs }: FanoutInput): void {
  if (!Number.isInteger(members) || members < 0) throw new RangeError(`members must be a whole number >= 0, got ${members}`);
  if (!Number.isInteger(onlinePercent) || onlinePercent < 0 || onlinePercent > 100)
    throw new RangeError(`onlinePercent must be a whole number 0..100, got ${onlinePercent}`);
  if (!Number.isInteger(sessionNodes) || sessionNodes < 1) throw new RangeError(`sessionNodes must be >= 1, got ${sessionNodes}`);
  if (!(sendUs > 0)) throw new RangeError(`sendUs must be > 0, got ${sendUs}`);
}

/** Online sessions of a guild: members x online share, rounded to a whole person. */
export function onlineSessions(members: number, onlinePercent: number): number {
  return Math.round((members * onlinePercent) / 100);
}

/** Sessions on each node when `sessions` are spread evenly over `nodes` (the first ones take the remainder). */
export function sessionsPerNode(sessions: number, nodes: number): number[] {
  const base = Math.floor(sessions / nodes);
  const extra = sessions % nodes;
  return Array.from({ length: nodes }, (_, i) => base + (i < extra ? 1 : 0));
}

/** What one event in this guild costs to fan out. */
export function guildFanout(input: FanoutInput): Fanout {
  assertInput(input);
  const online = onlineSessions(input.members, input.onlinePercent);
  const perNode = sessionsPerNode(online, input.sessionNodes);
  const busyNodes = perNode.filter((n) => n > 0).length;
  const guildSends = input.manifold ? busyNodes : online;
  const nodes = perNode.map((sessions, i) => ({
    node: i + 1,
    sessions,
    messagesIn: input.manifold ? (sessions > 0 ? 1 : 0) : sessions,
    localSends: input.manifold ? sessions : 0,
  }));
  const guildBusyUs = guildSends * input.sendUs;
  // Without Manifold the last send is the last delivery. With it, node k gets its batch after k + 1 guild
  // sends and then makes its own sends one by one; the slowest node decides.
  const lastDeliveryUs = input.manifold
    ? Math.max(0, ...perNode.map((sessions, i) => (sessions > 0 ? (i + 1 + sessions) * input.sendUs : 0)))
    : guildBusyUs;
  return {
    input,
    onlineSessions: online,
    guildSends,
    guildBusyUs,
    guildBusyMinUs: guildSends * SEND_US_MIN,
    guildBusyMaxUs: guildSends * SEND_US_MAX,
    interNodeMessages: guildSends,
    lastDeliveryUs,
    maxEventsPerSecond: guildBusyUs > 0 ? 1_000_000 / guildBusyUs : Infinity,
    nodes,
  };
}

/** Where one fan-out stands `elapsedUs` after the guild process started sending. */
export interface FanoutProgress {
  elapsedUs: number;
  /** send/2 calls the guild process has finished. */
  guildSendsDone: number;
  /** Sessions on each node that have the event. */
  deliveredByNode: number[];
  delivered: number;
  done: boolean;
}

export function fanoutProgress(fanout: Fanout, elapsedUs: number): FanoutProgress {
  const { sendUs, manifold, sessionNodes } = fanout.input;
  const t = Math.max(0, elapsedUs);
  const guildSendsDone = Math.min(fanout.guildSends, Math.floor(t / sendUs));
  const deliveredByNode = fanout.nodes.map((node, i) => {
    if (manifold) {
      if (node.sessions === 0) return 0;
      const batchArrivesUs = (i + 1) * sendUs;
      return Math.min(node.sessions, Math.max(0, Math.floor((t - batchArrivesUs) / sendUs)));
    }
    // The guild walks its sessions in order; session s lives on node s mod nodes.
    return guildSendsDone > i ? Math.min(node.sessions, Math.ceil((guildSendsDone - i) / sessionNodes)) : 0;
  });
  const delivered = deliveredByNode.reduce((a, b) => a + b, 0);
  return { elapsedUs: t, guildSendsDone, deliveredByNode, delivered, done: delivered === fanout.onlineSessions };
}

/** The animation's clock: the figure replays the fan-out in real time, pauses, then starts the next event. */
export interface FanoutClock {
  elapsedUs: number;
}

/** Pause after the last delivery before the next event starts. */
export const FANOUT_REPLAY_PAUSE_US = 600_000;

/** One tick of the replay: state' = step(state, fanout, dt). Real time, so one screen second is one second of sends. */
export function stepFanoutClock(clock: FanoutClock, fanout: Fanout, dtMs: number): FanoutClock {
  const elapsedUs = clock.elapsedUs + dtMs * 1000;
  return { elapsedUs: elapsedUs > fanout.lastDeliveryUs + FANOUT_REPLAY_PAUSE_US ? 0 : elapsedUs };
}
