import { ROOM_ORIGIN } from '@/components/roomOrigin';

/**
 * The /ws address of this page's server (or, in a static export, of NEXT_PUBLIC_ROOM_ORIGIN's), asking for
 * permessage-deflate (the gateway's compress=zlib-stream).
 */
export function gatewaySocketUrl(compress = true): string {
  const server = ROOM_ORIGIN ? new URL(ROOM_ORIGIN) : location;
  return `${server.protocol === 'https:' ? 'wss' : 'ws'}://${server.host}/ws${compress ? '?compress=deflate' : ''}`;
}

/** Waits before the n-th reconnect attempt: 0.5 s doubling to 8 s, with jitter so a class does not reconnect in step. */
export function reconnectDelayMs(attempt: number, random: number): number {
  return Math.min(8000, 500 * 2 ** Math.min(attempt, 4)) * (0.75 + random * 0.5);
}
