/**
 * The numbers the transport model is built on, each with where it comes from. A chapter that states one of
 * these imports it from here, so the text and the figure cannot disagree.
 */
import { OPUS_DEFAULT_FRAME_MS } from '@/lib/bandwidth/stream';
import type { SourceId } from '@/lib/sources';

/** One Opus packet carries 20 ms of audio by default (RTP payload format, [rfc7587]), so a talker sends 50 packets a second. */
export const FRAME_MS = OPUS_DEFAULT_FRAME_MS;
export const PACKETS_PER_SECOND = 1000 / FRAME_MS;

/** TCP resends a segment after this many duplicate acknowledgements ("fast retransmit", RFC 5681 s3.2). */
export const DUPACK_THRESHOLD = 3;

/** RFC 6298 s2.1: before any round trip is measured, the retransmission timeout is 1 s. */
export const INITIAL_RTO_MS = 1000;
/** RFC 6298 s2.4: the timeout is never less than 1 s. */
export const RFC6298_MIN_RTO_MS = 1000;
/** Linux's TCP_RTO_MIN is HZ/5, 200 ms (include/net/tcp.h). */
export const LINUX_MIN_RTO_MS = 200;
/** RFC 6298 s2.5 lets an implementation cap the timeout, at no less than 60 s. */
export const MAX_RTO_MS = 60_000;

/**
 * An adaptive jitter buffer holds at least one frame and grows with the measured jitter, typically to
 * 30-50 ms and at most 100-200 ms (see ../shared/facts.md, "Jitter buffers").
 */
export const JITTER_BUFFER_MIN_MS = FRAME_MS;
export const JITTER_BUFFER_MAX_MS = 200;
/** How many recent packets the buffer looks at to size itself: 2 s of speech. */
export const JITTER_WINDOW_PACKETS = 100;
/**
 * The buffer waits for the slowest packet of that window (quantile 1); only a packet slower than any in the
 * last 2 s is late. (A lower quantile trades more late packets for less delay.)
 */
export const JITTER_BUFFER_QUANTILE = 1;
/**
 * The UDP receiver changes its playout delay by stretching or squeezing frames, never by a jump: at most
 * 4 ms more per 20 ms frame when it must grow, 1 ms less per frame when it can shrink (a few percent of
 * speed, which time-stretching hides; growing faster than shrinking because late audio is worse than delay).
 */
export const PLAYOUT_GROW_MS_PER_FRAME = 4;
export const PLAYOUT_SHRINK_MS_PER_FRAME = 1;

/** A player fed by TCP, once it has fallen behind, plays its backlog 1.5 times faster until it catches up. */
export const TCP_CATCH_UP_RATE = 1.5;

/**
 * ITU-T G.114 (2003): for network planning, one-way delay should not exceed 400 ms; highly interactive
 * tasks are affected even below 100 ms.
 */
export const G114_PLANNING_LIMIT_MS = 400;
export const G114_INTERACTIVE_MS = 100;

export const TRANSPORT_SOURCES: readonly SourceId[] = ['rfc6716', 'rfc7587', 'rfc6298', 'rfc5681', 'linux-tcp-rto', 'rfc3550', 'itu-g114'];
