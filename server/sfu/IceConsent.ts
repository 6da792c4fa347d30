import type { RTCPeerConnection } from 'werift';
import { ICE_CONSENT_TIMEOUT_MS } from '../limits';

/**
 * Whether the browser at the other end of a connection still consents to receive (RFC 7675), judged
 * the way an ICE-lite agent can: a full agent keeps sending connectivity checks on the pair it chose
 * (consent requests, every few seconds), and each one the SFU answers is fresh consent. When none has
 * arrived for `timeoutMs` since the last, consent has expired and the session stops sending.
 *
 * Read on the room's stats tick (once a second), so it needs no timer of its own. Before a pair is
 * nominated there is nothing to expire: the connect timeout covers a connection that never comes up.
 * This is all a lite agent can know. A client that holds the connection's ICE password can keep
 * consent alive itself, as it could with any agent; it cannot point the media at an address of its
 * choosing without sending checks from there (ICE-lite answers only the address a check came from,
 * and keeps the pair it nominated first).
 */
export class IceConsent {
  private checksSeen: number | null = null;
  private freshAt: number;

  constructor(
    private readonly pc: RTCPeerConnection,
    nowMs: number,
    private readonly timeoutMs = ICE_CONSENT_TIMEOUT_MS,
  ) {
    this.freshAt = nowMs;
  }

  /** True once no check has come in on a pair the browser nominated for `timeoutMs`. */
  expired(nowMs: number): boolean {
    const checks = checksOnNominatedPairs(this.pc);
    if (checks === null || checks !== this.checksSeen) {
      this.checksSeen = checks;
      this.freshAt = nowMs;
      return false;
    }
    return nowMs - this.freshAt >= this.timeoutMs;
  }
}

/**
 * The connectivity checks that have come in on the pairs the browser nominated; null before it has
 * nominated one. Not only werift's selected pair: Chromium checks every address the SFU offers (here a
 * LAN address and loopback, from one socket of its own), nominates more than one, and goes on checking
 * through the pair it prefers, which need not be the pair werift took first.
 */
export function checksOnNominatedPairs(pc: RTCPeerConnection): number | null {
  let checks: number | null = null;
  for (const transport of pc.iceTransports) {
    for (const pair of transport.connection.candidatePairs) {
      if (pair.nominated) checks = (checks ?? 0) + pair.requestsReceived;
    }
  }
  return checks;
}
