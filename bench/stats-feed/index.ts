/**
 * `npm run bench:stats`: what the room's stats feed costs each member, in real rooms.
 *
 * For each room size N it builds a real room (server/sfu Rooms, Room, Peers with werift subscribe
 * connections, bots sending the committed clips, each member's messages through RoomSignaling as the
 * socket handles them): N members watching N bots as 160x90 tiles, the first SHOWN_TILES of them on
 * screen (as on a phone; the others are paused). So each member's feed carries N publishers and N
 * subscriptions, the sizes of a room of N people who all publish (who would each have N-1
 * subscriptions). The room runs on a simulated clock (runFor) and every byte routed to each member's
 * socket is counted over a window of simulated seconds: stats, speaking, everything.
 *
 * Beside it, in the same run: the size the old feed sent every member each tick (the full room
 * snapshot, every member's every subscription, as GET /api/rooms/<id>/stats still serves it), and the
 * CPU time per tick of four ways to serialize the feed for all members, timed on the same data.
 *
 * Options: --members 10,25,50  --seconds 10  --warmup 3 (simulated seconds)  --json out.json
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { constants, createDeflateRaw, deflateRawSync } from 'node:zlib';
import type { ErrorCode, OutgoingServerMessage } from '@/lib/protocol/messages';
import type { MemberStats } from '@/lib/protocol/room';
import { loadBotMedia } from '@/server/sfu/BotMedia';
import type { Bot } from '@/server/sfu/Bot';
import type { Room } from '@/server/sfu/Room';
import { Rooms } from '@/server/sfu/Rooms';
import { memberStatsEncoder } from '@/server/sfu/statsFeed';
import { RoomSignaling } from '@/server/signaling/RoomSignaling';

interface Options {
  members: number[];
  windowSeconds: number;
  warmupSeconds: number;
  json?: string;
}

function parseOptions(argv: string[]): Options {
  const value = (name: string) => {
    const at = argv.indexOf(`--${name}`);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  return {
    members: (value('members') ?? '10,25,50').split(',').map(Number),
    windowSeconds: Number(value('seconds') ?? 10),
    warmupSeconds: Number(value('warmup') ?? 3),
    json: value('json'),
  };
}

export interface FeedResult {
  members: number;
  publishers: number;
  /** Members the room dropped during the run (a run with drops under-counts; see the log). */
  drops: number;
  /** Every byte the server sent one member, per second (mean over members). */
  bytesPerMemberPerSecond: number;
  /** Of which stats messages. */
  statsBytesPerMemberPerSecond: number;
  /** The same bytes by message type. */
  bytesPerMemberPerSecondByType: Record<string, number>;
  /**
   * Every byte a member gets per second as it would cross the wire with permessage-deflate (RFC 7692) and
   * context takeover, as /ws?compress=deflate negotiates: frames' payloads deflated in one stream per
   * connection, each flushed, the 4-byte tail dropped, plus each frame's header.
   */
  deflatedWireBytesPerMemberPerSecond: number;
  /** One member's stats message (mean), and the same compressed with raw deflate (permessage-deflate's codec). */
  memberStatsBytes: number;
  memberStatsDeflatedBytes: number;
  /** What the old feed sent every member each tick: the full snapshot. */
  oldFeedBytesPerMember: number;
  /** All members' stats bytes per second, new and old: the room's JSON output. */
  roomBytesPerSecond: number;
  oldRoomBytesPerSecond: number;
  /** CPU microseconds per tick to serialize every member's stats message, four ways (median of the repeats). */
  serializeUsPerTick: { oldFullPerMember: number; memberObjectPerMember: number; splice: number; twoMessages: number };
  /** CPU microseconds per tick to deflate every member's stats message (what permessage-deflate would add). */
  deflateUsPerTick: number;
}

/** Tiles each member has on screen; the rest are scrolled away (paused, not-visible). */
const SHOWN_TILES = 6;

/** Bytes on the wire for these text frames with permessage-deflate and context takeover (RFC 7692 s7.2.1). */
async function deflatedWireBytes(frames: readonly string[]): Promise<number> {
  const deflate = createDeflateRaw();
  let total = 0;
  for (const frame of frames) {
    const chunks: Buffer[] = [];
    const onData = (chunk: Buffer) => chunks.push(chunk);
    deflate.on('data', onData);
    deflate.write(frame);
    await new Promise<void>((resolve) => deflate.flush(constants.Z_SYNC_FLUSH, () => resolve()));
    deflate.off('data', onData);
    // The flush ends with 00 00 ff ff, which the sender removes (RFC 7692 s7.2.1).
    const payload = chunks.reduce((n, c) => n + c.length, 0) - 4;
    total += payload + (payload < 126 ? 2 : payload < 65536 ? 4 : 10);
  }
  deflate.close();
  return total;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Median microseconds of `run` over `repeats` calls. */
function timeUs(run: () => unknown, repeats = 60): number {
  const samples: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = process.hrtime.bigint();
    run();
    samples.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  return median(samples);
}

/**
 * Runs the room on a simulated clock: bots send their frames, speaking is judged and the stats tick
 * happens on simulated time, as fast as the machine goes. So the bytes per simulated second do not
 * depend on how busy the machine is (on this shared 2-core machine a real-time run of 50 members fell
 * behind its own 1 s tick and under-counted).
 */
function runFor(room: Room, bots: Bot[], clock: { nowMs: number }, seconds: number, framesPerSecond: number): void {
  const stepMs = 10;
  let talker = bots.findIndex((b) => b.talking);
  for (let second = 0; second < seconds; second++) {
    for (let t = stepMs; t <= 1000; t += stepMs) {
      clock.nowMs += stepMs;
      if (talker === -1 || !bots[talker].talking) {
        talker = (talker + 1) % bots.length;
        bots[talker].startTalking();
      }
      if (t % 20 === 0) for (const bot of bots) bot.sendAudioFrame();
      if (t % 100 === 0) room.checkSpeaking();
      if (Math.floor((t * framesPerSecond) / 1000) !== Math.floor(((t - stepMs) * framesPerSecond) / 1000)) for (const bot of bots) bot.sendVideoFrame();
    }
    room.tick();
  }
}

async function measure(members: number, options: Options): Promise<FeedResult> {
  const media = loadBotMedia();
  const clock = { nowMs: 1_000_000 };
  const rooms = new Rooms({ timers: false, now: () => clock.nowMs, maxPeers: 2 * members, maxBots: members, loadBotMedia: () => media });
  const roomId = `feed-${members}`;
  const counters = new Map<string, { bytes: number; statsBytes: number; lastStats: string | null; sent: string[] }>();
  const bytesByType: Record<string, number> = {};
  const drops: string[] = [];
  const signalings: RoomSignaling[] = [];
  for (let i = 0; i < members; i++) {
    const id = randomUUID();
    const counter = { bytes: 0, statsBytes: 0, lastStats: null as string | null, sent: [] as string[] };
    counters.set(id, counter);
    const connection = {
      id,
      send: (message: OutgoingServerMessage) => {
        // As server/ws/Connection.send puts it on the wire.
        const data = typeof message === 'string' ? message : JSON.stringify(message);
        if (typeof message !== 'string' && (message.type === 'dropped' || message.type === 'error')) drops.push(message.message);
        const type = typeof message === 'string' ? 'stats' : message.type;
        bytesByType[type] = (bytesByType[type] ?? 0) + Buffer.byteLength(data);
        counter.bytes += Buffer.byteLength(data);
        counter.sent.push(data);
        if (type === 'stats') {
          counter.statsBytes += Buffer.byteLength(data);
          counter.lastStats = data;
        }
      },
      sendError: (code: ErrorCode, message: string) => connection.send({ type: 'error', code, message }),
    };
    const signaling = new RoomSignaling(rooms, connection);
    signalings.push(signaling);
    await signaling.handle({ type: 'join', roomId, role: 'viewer', name: `Student ${i + 1}` });
  }
  const room = rooms.get(roomId)!;
  const bots = Array.from({ length: members }, () => room.addBot());
  for (const signaling of signalings) {
    await signaling.handle({
      type: 'tiles',
      devicePixelRatio: 1,
      tiles: bots.map((bot, i) => ({ publisherId: bot.id, widthPx: 160, heightPx: 90, visible: i < SHOWN_TILES, videoOff: false })),
    });
  }
  runFor(room, bots, clock, options.warmupSeconds, media.framesPerSecond);
  for (const c of counters.values()) Object.assign(c, { bytes: 0, statsBytes: 0, sent: [] });
  for (const type of Object.keys(bytesByType)) delete bytesByType[type];
  runFor(room, bots, clock, options.windowSeconds, media.framesPerSecond);
  const seconds = options.windowSeconds;
  const botIds = bots.map((b) => b.id);

  const all = [...counters.values()];
  const mean = (f: (c: (typeof all)[number]) => number) => all.reduce((sum, c) => sum + f(c), 0) / all.length;
  const lastStats = all.map((c) => c.lastStats!).filter(Boolean);
  const memberStatsBytes = mean((c) => Buffer.byteLength(c.lastStats ?? ''));
  const full = room.stats;
  // The old feed had the same rows without the fields added since (pause reason, video off, busiest viewer).
  const { busiestViewerKbps: _new, ...oldTotals } = full.totals;
  const oldFull = { ...full, totals: oldTotals, subscriptions: full.subscriptions.map(({ pausedBecause: _a, videoOff: _b, ...rest }) => rest) };
  const oldFeedBytesPerMember = Buffer.byteLength(JSON.stringify({ type: 'stats', stats: oldFull }));

  if (drops.length > 0) console.log(`  ${drops.length} members dropped or refused: ${[...new Set(drops)].join('; ')}`);
  rooms.close();
  await sleep(500);

  // The same data, serialized for every member four ways, with the room closed so nothing else runs.
  const parsed = lastStats.map((s) => (JSON.parse(s) as { stats: MemberStats }).stats);
  const { subscriptions: _unused, ...shared } = parsed[0];
  const owns = parsed.map((p) => p.subscriptions);
  const serializeUsPerTick = {
    oldFullPerMember: timeUs(() => owns.map(() => JSON.stringify({ type: 'stats', stats: oldFull })), 10),
    memberObjectPerMember: timeUs(() => owns.map((own) => JSON.stringify({ type: 'stats', stats: { ...shared, subscriptions: own } }))),
    splice: timeUs(() => {
      const encode = memberStatsEncoder(shared);
      return owns.map((own) => encode(own));
    }),
    twoMessages: timeUs(() => {
      const sharedJson = JSON.stringify({ type: 'room-stats', stats: shared });
      return owns.map((own) => [sharedJson, JSON.stringify({ type: 'own-stats', subscriptions: own })]);
    }),
  };

  // Five members' streams through one deflate context each, as permessage-deflate with context takeover.
  const wire = await Promise.all(all.slice(0, 5).map((c) => deflatedWireBytes(c.sent)));
  const deflatedWireBytesPerMemberPerSecond = wire.reduce((a, b) => a + b, 0) / wire.length / seconds;
  const deflateUsPerTick = timeUs(() => lastStats.map((m) => deflateRawSync(m)), 20);

  const statsBytesPerMemberPerSecond = mean((c) => c.statsBytes) / seconds;
  return {
    members,
    publishers: botIds.length,
    drops: drops.length,
    bytesPerMemberPerSecond: Math.round(mean((c) => c.bytes) / seconds),
    statsBytesPerMemberPerSecond: Math.round(statsBytesPerMemberPerSecond),
    deflatedWireBytesPerMemberPerSecond: Math.round(deflatedWireBytesPerMemberPerSecond),
    bytesPerMemberPerSecondByType: Object.fromEntries(Object.entries(bytesByType).map(([type, bytes]) => [type, Math.round(bytes / members / seconds)])),
    memberStatsBytes: Math.round(memberStatsBytes),
    memberStatsDeflatedBytes: deflateRawSync(lastStats[0]).length,
    oldFeedBytesPerMember,
    roomBytesPerSecond: Math.round(statsBytesPerMemberPerSecond * members),
    oldRoomBytesPerSecond: oldFeedBytesPerMember * members,
    deflateUsPerTick: Math.round(deflateUsPerTick),
    serializeUsPerTick: Object.fromEntries(Object.entries(serializeUsPerTick).map(([k, v]) => [k, Math.round(v)])) as FeedResult['serializeUsPerTick'],
  };
}

const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

const options = parseOptions(process.argv.slice(2));
const results: FeedResult[] = [];
for (const members of options.members) {
  process.stdout.write(`room of ${members} members watching ${members} bots...\n`);
  results.push(await measure(members, options));
}
console.log('\nPer member, per second (all messages; stats alone), one stats message (deflated), the old feed per member per tick:');
console.table(
  results.map((r) => ({
    members: r.members,
    'bytes/member/s': kb(r.bytesPerMemberPerSecond),
    'stats/member/s': kb(r.statsBytesPerMemberPerSecond),
    'wire/member/s deflate': kb(r.deflatedWireBytesPerMemberPerSecond),
    'stats message': `${kb(r.memberStatsBytes)} (${kb(r.memberStatsDeflatedBytes)})`,
    'old feed/member/tick': kb(r.oldFeedBytesPerMember),
    'room stats/s new': kb(r.roomBytesPerSecond),
    'room stats/s old': kb(r.oldRoomBytesPerSecond),
  })),
);
console.log('CPU per tick to serialize every member\'s stats (µs, median):');
console.table(results.map((r) => ({ members: r.members, ...r.serializeUsPerTick, 'deflate (all members)': r.deflateUsPerTick })));
console.log('Bytes per member per second, by message type:');
console.table(results.map((r) => ({ members: r.members, ...r.bytesPerMemberPerSecondByType })));
if (options.json) writeFileSync(options.json, JSON.stringify({ cpuModel: os.cpus()[0]?.model, node: process.version, results }, null, 2));
process.exit(0);
