import type { EncodedServerMessage } from '@/lib/protocol/messages';
import type { MemberStats, OwnSubscriptionStats } from '@/lib/protocol/room';

/**
 * Each member's stats message, built from the part every member shares (the publishers with their
 * layers, the totals) serialized once per tick, and the member's own subscriptions spliced in.
 *
 * Why splice rather than send two messages (a shared one and an own one): both serialize the shared part
 * once; splicing sends one WebSocket frame per member per tick instead of two and gives the page one
 * complete snapshot to render, where two messages would need pairing on the page. bench/statsFeed.ts
 * measures the serializing cost of both beside the old feed (docs/room-stats-feed.md).
 */

/** What every member's stats message has in common. */
export type SharedStats = Omit<MemberStats, 'subscriptions'>;

/** Returns the encoder for one tick: shared part serialized now, each call adds one member's own part. */
export function memberStatsEncoder(shared: SharedStats): (own: readonly OwnSubscriptionStats[]) => EncodedServerMessage {
  // `{"type":"stats","stats":{...shared...}}` without its two closing braces, then the member's field.
  const head = JSON.stringify({ type: 'stats', stats: shared });
  const prefix = `${head.slice(0, -2)},"subscriptions":`;
  return (own) => `${prefix}${JSON.stringify(own)}}}` as EncodedServerMessage;
}
