/** The /ws address of this page's server, asking for permessage-deflate (the gateway's compress=zlib-stream). */
export function gatewaySocketUrl(compress = true): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws${compress ? '?compress=deflate' : ''}`;
}

/** Waits before the n-th reconnect attempt: 0.5 s doubling to 8 s, with jitter so a class does not reconnect in step. */
export function reconnectDelayMs(attempt: number, random: number): number {
  return Math.min(8000, 500 * 2 ** Math.min(attempt, 4)) * (0.75 + random * 0.5);
}
