/**
 * `npm run bench:sfu`: the same synthetic RTP load (bench/sfu/stream.ts) from one publisher to
 * 5, 20 and 50 subscribers, through the werift SFU path and through a plain node:dgram relay.
 * The forwarder runs alone on one core (taskset), the load on the other, so the forwarder's
 * process.cpuUsage is the cost of forwarding and nothing else. Loopback only.
 *
 * Options: --subscribers 5,20,50  --modes relay,room-werift,room-js,room[,room-round3,sfu]  --seconds 8
 *          --warmup 20 (one to many; 8 for the meeting) --json out.json  --profile dir (a CPU profile of the forwarder over each measured window)
 *          --scenario meeting --peers 50: everyone publishes and watches everyone else (meetingMedia.ts);
 *          its default modes are room-all-layers (every camera sends all three layers: no layer pausing)
 *          and room (the site: layers nobody takes paused at the camera, lib/simulcast/layerDemand);
 *          room-one-tick: the room's per-member stats work all at once instead of spread over the second;
 *          room-v8-defaults: the room without the server's V8 flags (scripts/server-node-flags.mjs)
 *          --sample 10 (meeting): viewers whose loss and latency are measured in full; the others count RTP only
 *          --setup-profile dir (meeting): a CPU profile of the forwarder while the peers join
 *          --pacer 2.5x40 (the default, libwebrtc's: video paced at 2.5 x the target bitrate in bursts of up to
 *          40 ms of sending), 2.5x5 (libwebrtc's older 5 ms bursts), off (each frame written at once); pacer.ts
 * BENCH_FORWARDER_NODE_ARGS="--trace-gc" (any node flags) for the forwarder; BENCH_HEAP_SNAPSHOT=file writes the
 * forwarder's heap at the end of the window (after a full GC).
 * BENCH_WERIFT_DIR=/path/to/werift runs the forwarder against another werift copy
 * (BENCH_LOAD_WERIFT_DIR the load), for before/after comparisons.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PACKET_CLASS, percentile, type BenchMessage, type ForwarderMode, type LoadResult, type LoopFigures, type Measurement, type Scenario, type SetupProgress, type ToOrchestrator } from './protocol';
import { forwardingSummary } from '../../server/sfu/forwarding/nativeAddon';
import { SERVER_NODE_FLAGS } from '../../scripts/server-node-flags.mjs';
import { pacerText, parsePacerShape, type PacerShape } from './pacer';
import { DEFAULT_STREAM, SyntheticStream } from './stream';

const here = path.dirname(fileURLToPath(import.meta.url));

interface Options {
  scenario: Scenario;
  /** One-to-many: viewers of the one publisher. Meeting: people in the room (each watches the others). */
  subscribers: number[];
  modes: ForwarderMode[];
  windowSeconds: number;
  warmupSeconds: number;
  json?: string;
  profileDir?: string;
  /** Meeting: viewers whose loss and latency are measured in full (meetingLoad.ts, MeetingLoad). */
  sample: number;
  /** Meeting: where to write a CPU profile of the forwarder during setup. */
  setupProfileDir?: string;
  /** How the load's publishers pace their video; null: not at all. The same for every mode, relay included. */
  pacer: PacerShape | null;
}

function parseOptions(argv: string[]): Options {
  const value = (name: string) => {
    const at = argv.indexOf(`--${name}`);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const scenario: Scenario = value('scenario') === 'meeting' ? 'meeting' : 'one-to-many';
  if (value('scenario') !== undefined && value('scenario') !== scenario) throw new Error(`unknown scenario ${value('scenario')}`);
  const meeting = scenario === 'meeting';
  return {
    scenario,
    subscribers: (meeting ? (value('peers') ?? '50') : (value('subscribers') ?? '5,20,50')).split(',').map(Number),
    modes: (value('modes') ?? (meeting ? 'room-all-layers,room' : 'relay,room-werift,room-js,room')).split(',') as ForwarderMode[],
    windowSeconds: Number(value('seconds') ?? 8),
    // The room forwards video only after its layer selector has seen the layer active (the
    // room's 1 s tick) and a keyframe has come (every 3 s in the synthetic stream); in the
    // meeting the publishers also start up to 3 s apart. One to many, the window waits 20 s: after
    // 5 s, V8 was still compiling the room's code (TurboFan, 12 % of the forwarder's perf samples in
    // the window; helper threads 130-170 ms against 80 after 20 s and 40 after 60), a start-up
    // cost a server pays once, which the relay, with almost no code, does not show.
    warmupSeconds: Number(value('warmup') ?? (meeting ? 8 : 20)),
    json: value('json'),
    profileDir: value('profile'),
    sample: Number(value('sample') ?? 10),
    setupProfileDir: value('setup-profile'),
    pacer: parsePacerShape(value('pacer')),
  };
}

export interface CaseResult {
  mode: ForwarderMode;
  scenario: Scenario;
  /** People in the room: the publisher and its viewers, or the meeting's members. */
  peers: number;
  /** Receivers of each forwarded stream. */
  subscribers: number;
  measurement: Measurement;
  load: LoadResult;
  cpuUsPerPacket: number;
  packetsPerCpuSecond: number;
  forwarderCoreShare: number;
  loadCoreShare: number;
  loss: number;
  /** Of what the forwarder forwarded, the share that never reached a receiver (the load's side or the kernel). */
  lossAfterForwarder: number;
  memoryPerPeerBytes: number;
  /** Meeting: the setup, at every tenth arrival. */
  setup?: SetupProgress[];
  /** Where packets' latency went (splitLatency); in the meeting, to the latest sampled viewer. */
  latencySplit?: LatencySplitSummary;
}

interface Spread {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/**
 * Per packet taken in during the window, matched by index with the load's latest receiver:
 * `toForwarder` publisher send -> arrival in the forwarder's code; `inForwarder` arrival -> last
 * copy handed to the kernel; `toReceivers` that -> the latest receiver read it. `packets` by class
 * (audio, delta frames, keyframes) with the latest receiver's latency.
 */
interface LatencySplitSummary {
  packets: number;
  toForwarder: Spread;
  inForwarder: Spread;
  toReceivers: Spread;
  latestReceiver: { audio: Spread; delta: Spread; keyframe: Spread };
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  gcMaxPauseMs: number;
}

function spread(values: number[]): Spread {
  const sorted = Float64Array.from(values).sort();
  return { p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99), maxMs: sorted.length ? sorted[sorted.length - 1] : NaN };
}

function splitLatency(measurement: Measurement, load: LoadResult): LatencySplitSummary | undefined {
  const split = measurement.split;
  const perPacket = load.perPacket;
  if (!split || !perPacket) return undefined;
  const toForwarder: number[] = [];
  const inForwarder: number[] = [];
  const toReceivers: number[] = [];
  const latest: Record<keyof typeof PACKET_CLASS, number[]> = { audio: [], delta: [], keyframe: [] };
  for (let slot = 0; slot < split.index.length; slot++) {
    const at = split.index[slot] - perPacket.firstIndex;
    const worst = perPacket.worstMs[at];
    const out = split.outMs[slot];
    if (at < 0 || at >= perPacket.worstMs.length || worst === null || worst === undefined || out === null) continue;
    toForwarder.push(split.inMs[slot]);
    inForwarder.push(out - split.inMs[slot]);
    toReceivers.push(worst - out);
    const kind = perPacket.classes[at] === PACKET_CLASS.keyframe ? 'keyframe' : perPacket.classes[at] === PACKET_CLASS.delta ? 'delta' : 'audio';
    latest[kind].push(worst);
  }
  return {
    packets: toForwarder.length,
    toForwarder: spread(toForwarder),
    inForwarder: spread(inForwarder),
    toReceivers: spread(toReceivers),
    latestReceiver: { audio: spread(latest.audio), delta: spread(latest.delta), keyframe: spread(latest.keyframe) },
    loopDelayP99Ms: split.loopDelayP99Ms,
    loopDelayMaxMs: split.loopDelayMaxMs,
    gcMaxPauseMs: split.gcMaxPauseMs,
  };
}

const spreadText = (s: Spread) => `${fixed(s.p50Ms, 2)} / ${fixed(s.p99Ms, 2)} / ${fixed(s.maxMs, 1)}`;

function splitLines(r: CaseResult): string[] {
  const s = r.latencySplit;
  const lines: string[] = [];
  const byClass = r.load.byClass;
  if (byClass) {
    const cls = (name: string, f: typeof byClass.audio) => `${name} ${fixed(f.p50Ms, 2)} / ${fixed(f.p99Ms, 2)}`;
    lines.push(`end to end by packet (p50 / p99 ms over every receiver): ${cls('audio', byClass.audio)}, ${cls('video delta frames', byClass.delta)}, ${cls('video keyframes', byClass.keyframe)}`);
  }
  if (s) {
    lines.push(
      `latency split, ${s.packets} packets (p50 / p99 / max ms, to the latest receiver): publisher -> forwarder's code ${spreadText(s.toForwarder)}; ` +
        `in the forwarder (arrival -> last copy sent) ${spreadText(s.inForwarder)}; last copy sent -> latest receiver read it ${spreadText(s.toReceivers)}`,
    );
    lines.push(
      `latest receiver by packet: audio ${spreadText(s.latestReceiver.audio)}, video delta frames ${spreadText(s.latestReceiver.delta)}, video keyframes ${spreadText(s.latestReceiver.keyframe)}; ` +
        `forwarder event-loop delay p99 ${s.loopDelayP99Ms} / max ${s.loopDelayMaxMs} ms, longest GC pause ${fixed(s.gcMaxPauseMs, 1)} ms`,
    );
  }
  return lines;
}

const loopText = (f: LoopFigures) => `event-loop delay p50 ${f.delayP50Ms} / p99 ${f.delayP99Ms} / max ${f.delayMaxMs} ms, CPU ${(f.cpuMs / 1000).toFixed(1)} s`;

function setupLine(p: SetupProgress, peers: number): string {
  return (
    `meeting: ${p.joined} of ${peers} in, each subscribed to the others, after ${p.seconds.toFixed(1)} s (+${p.stepSeconds.toFixed(1)} s); ` +
    `forwarder ${loopText(p.forwarder)}; load ${loopText(p.load)}`
  );
}

const hasTaskset = spawnSync('taskset', ['-c', '0', 'true']).status === 0 && os.availableParallelism() >= 2;
/**
 * On a shared machine other work lands on the forwarder's core too; a higher scheduling
 * priority (allowed for root or with CAP_SYS_NICE; see priority.ts for the session part)
 * keeps loss and latency about the forwarder. CPU time per packet does not depend on it.
 */
const canRaisePriority = spawnSync('nice', ['-n', '-10', 'true']).status === 0;
const hasSetsid = spawnSync('setsid', ['true']).status === 0;

function startChild(file: string, core: number, extraNodeArgs: string[], env: NodeJS.ProcessEnv): ChildProcess {
  let command = process.execPath;
  let args = [...extraNodeArgs, '--import', 'tsx', path.join(here, file)];
  if (canRaisePriority) [command, args] = ['nice', ['-n', '-10', command, ...args]];
  if (hasSetsid) [command, args] = ['setsid', [command, ...args]];
  if (hasTaskset) [command, args] = ['taskset', ['-c', String(core), command, ...args]];
  return spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env });
}

async function runCase(mode: ForwarderMode, subscribers: number, options: Options): Promise<CaseResult> {
  const { scenario } = options;
  const peers = scenario === 'meeting' ? subscribers : subscribers + 1;
  // BENCH_FORWARDER_NODE_ARGS tries V8 flags on the forwarder, e.g. "--max-semi-space-size=32".
  // The site's server flags (scripts/server-node-flags.mjs) for every mode, the relay's too, but room-v8-defaults.
  const serverFlags = mode === 'room-v8-defaults' ? [] : SERVER_NODE_FLAGS;
  const forwarderArgs = ['--expose-gc', ...serverFlags, ...(process.env.BENCH_FORWARDER_NODE_ARGS ?? '').split(' ').filter(Boolean)];
  if (process.env.BENCH_WERIFT_DIR) forwarderArgs.push('--import', path.join(here, 'weriftRedirect.mjs'));
  const profileFile = options.profileDir ? path.resolve(options.profileDir, `${mode}-${subscribers}.cpuprofile`) : '';
  const setupProfileFile = options.setupProfileDir ? path.resolve(options.setupProfileDir, `${mode}-${subscribers}-setup.cpuprofile`) : '';
  const forwarder = startChild('forwarder.ts', 0, forwarderArgs, {
    ...process.env,
    BENCH_PROFILE_FILE: profileFile,
    BENCH_SETUP_PROFILE_FILE: setupProfileFile,
    ...(mode === 'room-round3' ? { SFU_NATIVE_DECRYPT: 'off' } : {}),
  });
  // The load normally uses the installed werift; BENCH_LOAD_WERIFT_DIR points it elsewhere too.
  const loadWerift = process.env.BENCH_LOAD_WERIFT_DIR;
  const load = startChild('load.ts', 1, loadWerift ? ['--import', path.join(here, 'weriftRedirect.mjs')] : [], {
    ...process.env,
    BENCH_WERIFT_DIR: loadWerift ?? '',
  });
  const children = { forwarder, load };
  const setup: SetupProgress[] = [];
  const waiters = new Map<string, (message: ToOrchestrator) => void>();
  let failure: ((error: Error) => void) | undefined;
  const failed = new Promise<never>((_, reject) => (failure = reject));

  for (const [name, child] of Object.entries(children)) {
    child.on('message', (message: BenchMessage) => {
      const to = message.to === 'forwarder' ? forwarder : message.to === 'load' ? load : null;
      if (to) {
        // A child that died is reported by its 'exit'; its messages in flight are moot.
        if (to.connected) to.send(message);
      } else if (message.type === 'error') failure?.(new Error(message.message));
      else if (message.type === 'setup-progress') {
        setup.push(message.progress);
        console.log(`  ${setupLine(message.progress, peers)}`);
      }
      else waiters.get(message.type)?.(message as ToOrchestrator);
    });
    child.on('exit', (code, signal) => {
      if (code || signal) failure?.(new Error(`${name} exited with ${code ?? signal}`));
    });
  }
  const next = <T extends ToOrchestrator['type']>(type: T) =>
    Promise.race([
      failed,
      new Promise<Extract<ToOrchestrator, { type: T }>>((resolve) =>
        waiters.set(type, (message) => resolve(message as Extract<ToOrchestrator, { type: T }>)),
      ),
    ]);
  const sleep = (seconds: number) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

  try {
    const ready = next('ready');
    forwarder.send({ to: 'forwarder', type: 'init', mode, subscribers, scenario });
    const { relayPort } = await ready;
    const connected = next('connected');
    load.send({ to: 'load', type: 'init', mode, subscribers, relayPort, scenario, sample: options.sample, pacer: options.pacer });
    await connected;
    load.send({ to: 'load', type: 'start-publishing' });
    await sleep(options.warmupSeconds);
    forwarder.send({ to: 'forwarder', type: 'window-start' });
    load.send({ to: 'load', type: 'window-start' });
    await sleep(options.windowSeconds);
    const measured = next('measurement');
    const loaded = next('load-result');
    forwarder.send({ to: 'forwarder', type: 'window-stop' });
    load.send({ to: 'load', type: 'window-stop' });
    const { measurement } = await measured;
    const { result } = await loaded;
    const cpuUs = measurement.cpuUserUs + measurement.cpuSystemUs;
    if (result.srtpFailures > 0) console.warn(`  ${mode} × ${subscribers}: ${result.srtpFailures} SRTP packets failed to authenticate`);
    return {
      mode,
      scenario,
      peers,
      subscribers: scenario === 'meeting' ? peers - 1 : subscribers,
      measurement,
      load: result,
      cpuUsPerPacket: cpuUs / measurement.forwardedPackets,
      packetsPerCpuSecond: measurement.forwardedPackets / (cpuUs / 1e6),
      forwarderCoreShare: cpuUs / 1000 / measurement.wallMs,
      loadCoreShare: result.loadCpuUs / 1000 / result.wallMs,
      loss: 1 - result.deliveredPackets / result.expectedDeliveries,
      // The windows of the two processes start within a millisecond of each other, not at the same packet.
      // With sampled viewers, the share of forwarded packets that went to them.
      lossAfterForwarder: Math.max(
        0,
        1 - result.deliveredPackets / Math.min((measurement.forwardedPackets * (result.sampling?.viewers ?? 1)) / (result.sampling?.of ?? 1), result.expectedDeliveries),
      ),
      memoryPerPeerBytes: (measurement.rssBytes - measurement.rssBaselineBytes) / peers,
      ...(scenario === 'meeting' ? { setup } : {}),
      latencySplit: splitLatency(measurement, result),
    };
  } finally {
    const exited = Object.values(children).map(
      (child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve))),
    );
    for (const child of Object.values(children)) if (child.connected) child.send({ to: 'forwarder', type: 'exit' });
    await Promise.race([Promise.all(exited), sleep(5)]);
    for (const child of Object.values(children)) if (child.exitCode === null) child.kill();
  }
}

const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : '—');

function table(results: CaseResult[]): string {
  const header =
    '| forwarder | scenario | packets out/s | CPU µs/packet | packets/CPU-s | SFU ÷ relay | core used | loss | latency p50 / p99 ms | memory/peer | load core |';
  const rule = '|' + '---|'.repeat(11);
  const rows = results.map((r) => {
    const relay = results.find((other) => other.mode === 'relay' && other.scenario === r.scenario && other.peers === r.peers);
    const ratio = r.mode !== 'relay' && relay ? `${fixed(r.cpuUsPerPacket / relay.cpuUsPerPacket, 2)}×` : '';
    const sampled = r.load.sampling && r.load.sampling.viewers < r.load.sampling.of ? ` (${r.load.sampling.viewers} viewers measured)` : '';
    const scenario = r.scenario === 'meeting' ? `meeting, ${r.peers} peers${sampled}` : `1 → ${r.subscribers}`;
    return `| ${r.mode} | ${scenario} | ${fixed(r.measurement.forwardedPackets / (r.measurement.wallMs / 1000), 0)} | ${fixed(r.cpuUsPerPacket, 1)} | ${fixed(r.packetsPerCpuSecond / 1000, 1)}k | ${ratio} | ${fixed(r.forwarderCoreShare * 100, 0)}% | ${fixed(r.loss * 100, 2)}% | ${fixed(r.load.latencyP50Ms, 2)} / ${fixed(r.load.latencyP99Ms, 2)} | ${fixed(r.memoryPerPeerBytes / 1024, 0)} KiB | ${fixed(r.loadCoreShare * 100, 0)}% |`;
  });
  return [header, rule, ...rows].join('\n');
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const cpuModel = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(
    `bench:sfu on ${cpuModel}, ${os.availableParallelism()} cores, node ${process.version}; ` +
      `forwarder ${hasTaskset ? 'pinned to core 0, load to core 1' : 'not pinned (no taskset)'}` +
      `${canRaisePriority ? ', both at nice -10' : ''}; load average ${os.loadavg()[0].toFixed(1)} before the run; ` +
      (options.scenario === 'meeting'
        ? 'meeting: every peer a 720p simulcast camera (180p/360p/720p) and a DTX microphone, each watching the others as 274x154 tiles; '
        : `stream ${DEFAULT_STREAM.videoKbps} kbps VP8-like + Opus-like, ${SyntheticStream.packetsPerSecond().toFixed(0)} packets/s in; `) +
      `${options.warmupSeconds} s warm-up, ${options.windowSeconds} s measured per case; publishers ${pacerText(options.pacer)}` +
      (process.env.BENCH_WERIFT_DIR ? `; werift from ${process.env.BENCH_WERIFT_DIR}` : ''),
  );
  // 'room' is the site as it runs: say whether that is the native fan-out or the JavaScript fast path.
  if (options.modes.includes('room')) console.log(`room: ${forwardingSummary()}`);
  const results: CaseResult[] = [];
  for (const subscribers of options.subscribers) {
    for (const mode of options.modes) {
      const result = await runCase(mode, subscribers, options);
      results.push(result);
      console.log(
        `  ${mode} × ${options.scenario === 'meeting' ? `meeting of ${subscribers}` : subscribers}: ${fixed(result.cpuUsPerPacket, 1)} µs/packet, loss ${fixed(result.loss * 100, 2)}% ` +
          `(${fixed(result.lossAfterForwarder * 100, 2)}% of forwarded packets not delivered), ` +
          `p50 ${fixed(result.load.latencyP50Ms, 2)} ms, forwarder core ${fixed(result.forwarderCoreShare * 100, 0)}%, load core ${fixed(result.loadCoreShare * 100, 0)}%; ` +
          `forwarder CPU split: event loop ${result.measurement.mainThreadUserMs} ms user + ${result.measurement.mainThreadSystemMs} ms kernel, ` +
          `helper threads ${result.measurement.otherThreadsMs} ms, GC pauses ${fixed(result.measurement.gcPauseMs, 0)} ms` +
          (result.measurement.paths
            ? `; path ${result.measurement.paths.path}: ${result.measurement.paths.fastPackets} fast (${result.measurement.paths.nativePackets} native), ` +
              `${result.measurement.paths.weriftPackets} werift, ${result.measurement.paths.droppedPackets} dropped, ${result.measurement.paths.refusedPackets} refused by the kernel; ` +
              `${result.measurement.paths.nativeDecryptedPackets} of ${result.measurement.receivedPackets} packets in decrypted natively`
            : '') +
          (result.measurement.layers ? `; tiles by layer: ${JSON.stringify(result.measurement.layers)}` : '') +
          (result.measurement.loop
            ? `; forwarder event-loop delay over the window p50 ${result.measurement.loop.delayP50Ms} / p99 ${result.measurement.loop.delayP99Ms} / max ${result.measurement.loop.delayMaxMs} ms`
            : '') +
          (result.load.sampling
            ? `; loss and latency of ${result.load.sampling.viewers} of ${result.load.sampling.of} viewers, the other viewers read ` +
              `${result.load.sampling.unsampledRead} RTP datagrams of about ${result.load.sampling.unsampledExpected} due in the window`
            : '') +
          (result.load.generator
            ? `; forwarder took in ${fixed(result.measurement.receivedPackets / (result.measurement.wallMs / 1000), 0)} packets/s; ` +
              `generator: ${result.load.generator.packetsSent} packets sent, ${result.load.generator.packetsLate} of them late (tick gap > 20 ms), ` +
              `tick gap p99 ${fixed(result.load.generator.tickGapP99Ms, 1)} ms / max ${fixed(result.load.generator.tickGapMaxMs, 1)} ms, ${result.load.generator.queuedSends} sends queued by the kernel, ` +
              `${result.load.generator.receiveBufferDrops} datagrams dropped by the kernel at full receive buffers (machine-wide)`
            : ''),
      );
      for (const line of splitLines(result)) console.log(`    ${line}`);
      // The per-packet rows were only for the split; the JSON keeps its summary.
      delete result.measurement.split;
      delete result.load.perPacket;
    }
  }
  console.log('\n' + table(results));
  if (options.json) writeFileSync(options.json, JSON.stringify({ cpuModel, node: process.version, pacer: options.pacer, results }, null, 2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
