/**
 * Messages between the benchmark's three processes: the orchestrator (index.ts), the
 * forwarder under test (forwarder.ts, alone on one core) and the load (load.ts: the
 * publisher and every receiver, on the other core). The orchestrator passes on any message
 * addressed `to` the other child, so SDP goes load -> forwarder and back without a socket.
 */

import type { ServerMessage } from '../../lib/protocol/messages';
import type { PacerShape } from './pacer';

/**
 * room: the site's SFU (server/sfu Room and friends) as it runs, forwarding on its fast path with
 * the native fan-out where it was built (server/sfu/forwarding); room-js: the same room on the
 * JavaScript fast path; room-werift: the same room forwarding through werift's own sender (what
 * the site did before the fast path); sfu: werift's forwarding call with nothing around it (the
 * bench's first version, kept to compare); relay: plain node:dgram; room-round3: the room as round 3
 * left it, the native fan-out with werift decrypting the publisher's SRTP (SFU_NATIVE_DECRYPT=off).
 */
export type ForwarderMode = 'room' | 'room-round3' | 'room-all-layers' | 'room-one-tick' | 'room-v8-defaults' | 'room-js' | 'room-werift' | 'sfu' | 'relay';

/** The room's `forwarding` option for a room mode. */
export const ROOM_FORWARDING = {
  room: 'native',
  'room-round3': 'native',
  'room-all-layers': 'native',
  'room-one-tick': 'native',
  'room-v8-defaults': 'native',
  'room-js': 'js',
  'room-werift': 'werift',
} as const;

/**
 * Meeting modes that run the site's room with one thing undone, beside `room` in the same run:
 * - room-all-layers: the room never asks a camera to pause a layer (lib/simulcast/layerDemand), so every
 *   camera sends all three, as before layer pausing;
 * - room-one-tick: the stats interval's per-member work runs all at once, not spread over the interval
 *   (server/sfu/Room.ts tickSlice);
 * - room-v8-defaults: the forwarder process without the server's V8 flags (scripts/server-node-flags.mjs).
 */
export const ROOM_MODE_OPTIONS: Partial<Record<ForwarderMode, { pauseUnwatchedLayers?: boolean; tickSlices?: number }>> = {
  'room-all-layers': { pauseUnwatchedLayers: false },
  'room-one-tick': { tickSlices: 1 },
};

export interface Measurement {
  cpuUserUs: number;
  cpuSystemUs: number;
  wallMs: number;
  /** Packets the forwarder put on the wire to receivers during the window. */
  forwardedPackets: number;
  /** Packets the forwarder took in from the publisher during the window. */
  receivedPackets: number;
  rssBaselineBytes: number;
  rssBytes: number;
  heapUsedBaselineBytes: number;
  heapUsedBytes: number;
  gcPauseMs: number;
  /** From /proc ticks (10 ms each): the event loop's own user and kernel time, and V8's helper threads. */
  mainThreadUserMs: number;
  mainThreadSystemMs: number;
  otherThreadsMs: number;
  /**
   * Room modes: how the forwarded packets left during the window (fast path, of those the native
   * fan-out, werift's sender, dropped, refused by the kernel), the path the room forwards on, and
   * how many incoming packets the native addon decrypted.
   */
  paths?: { path: string; fastPackets: number; nativePackets: number; weriftPackets: number; droppedPackets: number; refusedPackets: number; nativeDecryptedPackets: number };
  /** Meeting: tiles by the layer they get at the end of the window. */
  layers?: Record<string, number>;
  /** Where each packet's time went inside the forwarder (latencySplit.ts). */
  split?: ForwarderSplit;
  /** Meeting: how late a 10 ms timer fired in the forwarder over the window: its stalls, which every packet arriving meanwhile waits behind. */
  loop?: LoopFigures;
}

/** Per packet taken in during the window (by its index in the stream): ms from its send to its arrival in the forwarder's code and to its last copy sent. */
export interface ForwarderSplit {
  index: number[];
  inMs: number[];
  /** null (NaN over IPC) where the copies had not left when the window closed. */
  outMs: (number | null)[];
  /** How late a 10 ms timer fired over the window (perf_hooks.monitorEventLoopDelay), and the longest GC pause. */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  gcMaxPauseMs: number;
}

/** End-to-end latency percentiles of one class of packets, over every (packet, receiver) pair. */
export interface LatencyFigures {
  count: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface LoadResult {
  sentPackets: number;
  /** Sent packets times receivers: what a lossless forwarder delivers. */
  expectedDeliveries: number;
  deliveredPackets: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
  loadCpuUs: number;
  wallMs: number;
  /** SRTP packets a receiver could not authenticate (should be zero). */
  srtpFailures: number;
  /**
   * End-to-end latency by what the packet was (audio, a video delta frame's, a video
   * keyframe's: the stream's largest burst), and per packet index from `firstIndex` the latest
   * receiver's latency (NaN where nobody got it), to set against the forwarder's split. In the meeting,
   * over the sampled viewers.
   */
  byClass?: { audio: LatencyFigures; delta: LatencyFigures; keyframe: LatencyFigures };
  perPacket?: { firstIndex: number; classes: number[]; worstMs: (number | null)[] };
  /**
   * Meeting: loss and latency are those of `viewers` of the `of` viewers, measured in full; the rest
   * read every datagram and only count RTP: `unsampledRead` RTP datagrams in the window against
   * `unsampledExpected` (approximate: the window's edges are packets in flight).
   */
  sampling?: { viewers: number; of: number; unsampledRead: number; unsampledExpected: number };
  /**
   * Meeting: the load's publishers over the window, so a reader can tell the generator's lag from the
   * forwarder's: packets sent, of them sent by a publishing tick that ran more than 20 ms after the one
   * before (held back by the load's own event loop), the ticks' gaps (p99 and max; the timer asks for
   * 2 ms), datagrams the kernel did not take at once, and datagrams the kernel dropped because a receiving
   * socket's buffer was full (machine-wide /proc/net/snmp RcvbufErrors: the load's viewers not reading in
   * time, or the forwarder's own sockets when it falls behind its cameras; NaN where unknown).
   */
  generator?: { packetsSent: number; packetsLate: number; tickGapP99Ms: number; tickGapMaxMs: number; queuedSends: number; receiveBufferDrops: number };
}

/**
 * one-to-many: one publisher, `subscribers` viewers (the default). meeting: `peers` people who all
 * publish a simulcast camera and a microphone and watch everyone else (bench/sfu/meeting*.ts).
 */
export type Scenario = 'one-to-many' | 'meeting';

export type ToForwarder =
  | { to: 'forwarder'; type: 'init'; mode: ForwarderMode; subscribers: number; scenario: Scenario }
  /** Meeting: one /ws message from a virtual browser, as text. */
  | { to: 'forwarder'; type: 'client'; peer: number; text: string }
  | { to: 'forwarder'; type: 'publish-offer'; sdp: string }
  | { to: 'forwarder'; type: 'relay-publisher' }
  | { to: 'forwarder'; type: 'subscribe'; id: number; relayPort?: number }
  | { to: 'forwarder'; type: 'subscribe-answer'; id: number; sdp: string }
  | { to: 'forwarder'; type: 'window-start' }
  | { to: 'forwarder'; type: 'window-stop' }
  /** Meeting: `joined` people are in and subscribed to each other; the load's own figures since the last mark. */
  | { to: 'forwarder'; type: 'setup-mark'; joined: number; seconds: number; load: LoopFigures }
  | { to: 'forwarder'; type: 'exit' };

export type ToLoad =
  /** `pacer`: how the publishers pace their video (pacer.ts), null for not at all. */
  | { to: 'load'; type: 'init'; mode: ForwarderMode; subscribers: number; relayPort?: number; scenario: Scenario; sample?: number; pacer: PacerShape | null }
  /** Meeting: a /ws message from the room to a virtual browser. */
  | { to: 'load'; type: 'server'; peer: number; message: ServerMessage }
  | { to: 'load'; type: 'publish-answer'; sdp: string }
  | { to: 'load'; type: 'subscribe-offer'; id: number; sdp: string }
  | { to: 'load'; type: 'start-publishing' }
  | { to: 'load'; type: 'window-start' }
  | { to: 'load'; type: 'window-stop' }
  | { to: 'load'; type: 'exit' };

export type ToOrchestrator =
  | { to: 'orchestrator'; type: 'ready'; relayPort?: number }
  | { to: 'orchestrator'; type: 'connected'; subscribers: number }
  | { to: 'orchestrator'; type: 'measurement'; measurement: Measurement }
  | { to: 'orchestrator'; type: 'load-result'; result: LoadResult }
  | { to: 'orchestrator'; type: 'setup-progress'; progress: SetupProgress }
  | { to: 'orchestrator'; type: 'error'; message: string };

/** One process's event loop and CPU between two setup marks (perf_hooks.monitorEventLoopDelay, 10 ms resolution). */
export interface LoopFigures {
  /** How late a 10 ms timer fired: median, 99th percentile and worst, in ms. */
  delayP50Ms: number;
  delayP99Ms: number;
  delayMaxMs: number;
  /** CPU (user + kernel) the process used since the last mark, in ms. */
  cpuMs: number;
}

/** Meeting setup, at every tenth arrival: how long it took, and what it did to each process's event loop. */
export interface SetupProgress {
  joined: number;
  /** Since the first join. */
  seconds: number;
  /** Wall time since the previous mark. */
  stepSeconds: number;
  forwarder: LoopFigures;
  load: LoopFigures;
}

export type BenchMessage = ToForwarder | ToLoad | ToOrchestrator;

/** Sends over the IPC channel; a child without one was started by hand and cannot take part. */
export function send(message: BenchMessage): void {
  if (!process.send) throw new Error('bench process started without an IPC channel');
  process.send(message);
}

/** The class codes of LoadResult.perPacket.classes. */
export const PACKET_CLASS = { audio: 0, delta: 1, keyframe: 2 } as const;

export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

/** Percentiles of the latencies (the first `count`) whose class is `ofClass`. */
export function latencyFigures(latencies: Float64Array, classes: Uint8Array, count: number, ofClass: number): LatencyFigures {
  const picked: number[] = [];
  for (let i = 0; i < count; i++) if (classes[i] === ofClass) picked.push(latencies[i]);
  const sorted = Float64Array.from(picked).sort();
  return { count: sorted.length, p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99), maxMs: sorted.length ? sorted[sorted.length - 1] : NaN };
}
