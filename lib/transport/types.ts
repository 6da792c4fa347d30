/** The state and inputs of the voice-over-a-link model. Plain data, so a step can copy it and a test can read it. */

/** How TCP computes its retransmission timeout floor. */
export type RtoPolicy = 'rfc6298' | 'linux';

/** What the reader sets: the link between a talker and a listener, and the TCP stack at the talker. */
export interface LinkParams {
  /** Round trip of the empty path; each direction takes half of it. */
  rttMs: number;
  /** Spread of the extra queueing delay each packet meets on the way to the listener (σ of a half-normal). */
  jitterMs: number;
  /** Chance that any one transmission is lost, 0..1, independently of the others. */
  lossFraction: number;
  rtoPolicy: RtoPolicy;
}

/** One trip of one packet across the link. */
export interface Transmission {
  /** 0 for the first send, 1 for the first resend, and so on. */
  attempt: number;
  sentMs: number;
  lost: boolean;
  /** When it reaches the listener; for a lost packet, when it would have arrived (so a drawing can drop it midway). */
  arrivalMs: number;
  /** Why TCP sent it (again): first send, fast retransmit (three duplicate ACKs or SACKs above it), or its timer. */
  cause: 'first' | 'fast-retransmit' | 'timeout';
}

/** How a frame ended up at the listener's speaker. */
export type PlayoutKind = 'played' | 'concealed' | 'rushed';

export interface Playout {
  startMs: number;
  durationMs: number;
  kind: PlayoutKind;
  /** Silence the listener heard just before this frame, because it was not there in time (TCP only). */
  stallBeforeMs: number;
}

export interface TcpFrame {
  transmissions: Transmission[];
  /** First time any copy reached the listener's kernel. */
  receivedMs: number | null;
  /** When TCP handed it to the app: only once every earlier frame had arrived too. */
  deliveredMs: number | null;
  playout: Playout | null;
}

export interface UdpFrame {
  transmission: Transmission;
  /** True once it has reached the listener (never, if lost). */
  arrived: boolean;
  playout: Playout | null;
}

/** One 20 ms Opus frame, sent once over UDP and, separately, over TCP. Both lanes see the same network fate. */
export interface FrameRecord {
  index: number;
  /** When the talker started saying it; the packet leaves one frame later, when the frame is complete. */
  capturedMs: number;
  udp: UdpFrame;
  tcp: TcpFrame;
}

export interface AckInFlight {
  /** Cumulative: the listener has every frame below this one. */
  ackNo: number;
  /** Frames above the hole the listener already holds (SACK, RFC 2018). */
  sacked: number[];
  /** The send time of the segment that triggered this ACK, echoed back (TCP timestamps, RFC 7323). */
  echoSentMs: number;
  sentMs: number;
  arrivalMs: number;
}

export interface TcpSender {
  /** Oldest frame not yet acknowledged. */
  sndUna: number;
  dupAcks: number;
  /** Loss recovery (RFC 6675): until `recover` is acknowledged, each hole is resent once. */
  inRecovery: boolean;
  recover: number;
  recoveryStartMs: number;
  srttMs: number | null;
  rttvarMs: number;
  /** Current timeout, including any exponential backoff. */
  rtoMs: number;
  /** When the retransmission timer fires; null when nothing is outstanding. */
  timerAtMs: number | null;
  /** Bumped on every timer restart so a stale timer event is ignored. */
  timerGeneration: number;
  acksInFlight: AckInFlight[];
  retransmissions: number;
  timeouts: number;
}

export interface LanePlayer {
  /** Playout has begun (the first frame is scheduled). */
  started: boolean;
  /** What the previous frame was, to count a run of concealed frames as one glitch. */
  lastKind: PlayoutKind | null;
  /** Next frame the player will put out. */
  nextFrame: number;
  /** When the previous frame finishes; null before the first. */
  freeAtMs: number | null;
  /** Recent transit times (arrival − send) the buffer sizes itself from. */
  transitMs: number[];
}

export interface TcpReceiver {
  /** Next frame TCP will hand to the app: every frame below it has been delivered. */
  rcvNxt: number;
  /** The player is waiting for `nextFrame` to be delivered (a stall). */
  waiting: boolean;
}

export interface UdpPlayer extends LanePlayer {
  /** Playout delay relative to each frame's send time; null until the first packet arrives. */
  offsetMs: number | null;
}

export interface LaneTotals {
  framesPlayed: number;
  /** UDP: frames filled in by packet-loss concealment. */
  framesConcealed: number;
  /** TCP: frames played faster than real time to catch up. */
  framesRushed: number;
  /** Audible faults: a run of concealed frames (UDP) or a freeze (TCP). */
  glitches: number;
  /** Total silence from freezes (TCP). */
  stalledMs: number;
  lastMouthToEarMs: number | null;
  maxMouthToEarMs: number;
}

export type TransportEvent =
  | { kind: 'send'; atMs: number; frame: number }
  | { kind: 'udp-arrive'; atMs: number; frame: number }
  | { kind: 'tcp-arrive'; atMs: number; frame: number; attempt: number }
  | { kind: 'ack-arrive'; atMs: number; ack: AckInFlight }
  | { kind: 'rto'; atMs: number; generation: number }
  | { kind: 'udp-play'; atMs: number; frame: number }
  | { kind: 'tcp-play'; atMs: number; frame: number };

export interface TransportState {
  seed: number;
  nowMs: number;
  /** Next frame the talker will send. */
  nextFrame: number;
  /** Stop talking after this many frames (a clip); null for an endless stream (a figure). */
  frameLimit: number | null;
  /** Frames older than this (and fully played) are forgotten, so an endless stream stays small. */
  historyMs: number;
  /** Records of frames from `frames[0].index` on, consecutive. */
  frames: FrameRecord[];
  /** Packets the reader (or a test) dropped on purpose, as "frame:attempt". */
  forcedDrops: string[];
  /** Pending events in time order. */
  queue: TransportEvent[];
  /** Latest arrival per lane: the link is a FIFO queue, so a packet never overtakes an earlier one. */
  lastArrivalMs: { udp: number; tcp: number };
  tcp: { sender: TcpSender; receiver: TcpReceiver; player: LanePlayer; totals: LaneTotals };
  udp: { player: UdpPlayer; totals: LaneTotals };
}
