/**
 * Child process: the forwarder under test, alone on its core. Everything it spends between
 * `window-start` and `window-stop` is the cost of forwarding (process.cpuUsage covers this
 * process only; the publisher and receivers live in the load process).
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { PerformanceObserver } from 'node:perf_hooks';
import { writeHeapSnapshot } from 'node:v8';
import { LatencySplit } from './latencySplit';
import { LoopMonitor } from './loopMonitor';
import { raiseAutogroupPriority } from './priority';
import { ROOM_FORWARDING, ROOM_MODE_OPTIONS, send, type ForwarderMode, type Measurement, type ToForwarder } from './protocol';
import { MeetingRoom } from './meetingForwarder';
import { DgramRelay } from './relayForwarder';
import { RoomFanout } from './roomForwarder';
import { WeriftFanout } from './sfuForwarder';
import { forwardingPath } from '../../server/sfu/rtpSink';

let mode: ForwarderMode = 'sfu';
let sfu: WeriftFanout | RoomFanout | MeetingRoom | undefined;
let relay: DgramRelay | undefined;
let rssBaselineBytes = 0;
let heapUsedBaselineBytes = 0;
let gcPauseMs = 0;
/** Meeting: the event loop during setup, read at every tenth arrival. */
let setupLoop: LoopMonitor | undefined;
/** Where each packet's time goes (latencySplit.ts); every mode but `sfu`. */
let split: LatencySplit | undefined;
/** Meeting: the event loop over the measured window (how long the forwarder's stalls were). */
let windowLoop: LoopMonitor | undefined;
let lastMarkSeconds = 0;
let window:
  | {
      cpu: NodeJS.CpuUsage;
      threads: ReturnType<typeof threadTicks>;
      startedAtMs: number;
      received: number;
      forwarded: number;
      gcPauseMs: number;
      paths: Measurement['paths'];
    }
  | undefined;

new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcPauseMs += entry.duration;
}).observe({ entryTypes: ['gc'] });

/** Profiles only the measured window, so handshakes and module loading stay out of the picture. */
const profileFile = process.env.BENCH_PROFILE_FILE;
const inspector = profileFile ? new Session() : undefined;
/** Meeting: a profile of the setup instead (init to window-start), at the default 1 ms interval. */
const setupProfileFile = process.env.BENCH_SETUP_PROFILE_FILE;
const setupInspector = setupProfileFile ? new Session() : undefined;

/**
 * CPU ticks per thread from /proc (Linux), to tell the main thread's JavaScript and syscalls from
 * V8's helper threads (concurrent GC, compilers). Empty where /proc is not there.
 */
function threadTicks(): Map<string, { user: number; system: number }> {
  const ticks = new Map<string, { user: number; system: number }>();
  try {
    for (const tid of readdirSync('/proc/self/task')) {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks.set(tid, { user: Number(fields[11]), system: Number(fields[12]) });
    }
  } catch {
    // Not Linux: the split stays unknown.
  }
  return ticks;
}

function counters() {
  return (sfu ?? relay)?.counters ?? { received: 0, forwarded: 0 };
}

/** The room's own record of how packets left (fast path, werift, dropped); undefined for other modes. */
function paths(): Measurement['paths'] {
  if (!(sfu instanceof RoomFanout) && !(sfu instanceof MeetingRoom)) return undefined;
  const { fastPackets, nativePackets, weriftPackets, droppedPackets, refusedPackets, nativeDecryptedPackets } = sfu.forwarding;
  return { path: forwardingPath(ROOM_FORWARDING[mode as keyof typeof ROOM_FORWARDING]), fastPackets, nativePackets, weriftPackets, droppedPackets, refusedPackets, nativeDecryptedPackets };
}

function isRoomMode(mode: ForwarderMode): mode is keyof typeof ROOM_FORWARDING {
  return mode in ROOM_FORWARDING;
}

function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

async function handle(message: ToForwarder): Promise<void> {
  switch (message.type) {
    case 'init': {
      mode = message.mode;
      let relayPort: number | undefined;
      if (message.scenario === 'meeting') {
        if (!isRoomMode(mode)) throw new Error(`the meeting scenario runs the room modes, not ${mode}`);
        sfu = new MeetingRoom(
          message.subscribers,
          ROOM_FORWARDING[mode],
          ROOM_MODE_OPTIONS[mode] ?? {},
          (peer, serverMessage) => send({ to: 'load', type: 'server', peer, message: serverMessage }),
          (split = new LatencySplit()),
        );
        setupLoop = new LoopMonitor();
        if (setupInspector) {
          setupInspector.connect();
          await setupInspector.post('Profiler.enable');
          await setupInspector.post('Profiler.start');
        }
      } else if (mode === 'sfu') sfu = new WeriftFanout();
      else if (isRoomMode(mode)) sfu = new RoomFanout(message.subscribers, ROOM_FORWARDING[mode], (split = new LatencySplit()));
      else {
        relay = new DgramRelay((split = new LatencySplit()));
        relayPort = await relay.listen();
      }
      collectGarbage();
      const usage = process.memoryUsage();
      rssBaselineBytes = usage.rss;
      heapUsedBaselineBytes = usage.heapUsed;
      send({ to: 'orchestrator', type: 'ready', relayPort });
      return;
    }
    case 'client': {
      if (!(sfu instanceof MeetingRoom)) throw new Error('a client message outside the meeting scenario');
      await sfu.fromBrowser(message.peer, message.text);
      return;
    }
    case 'setup-mark': {
      const forwarder = setupLoop?.mark();
      if (!forwarder) throw new Error('setup-mark outside the meeting scenario');
      const stepSeconds = message.seconds - lastMarkSeconds;
      lastMarkSeconds = message.seconds;
      send({ to: 'orchestrator', type: 'setup-progress', progress: { joined: message.joined, seconds: message.seconds, stepSeconds, forwarder, load: message.load } });
      return;
    }
    case 'publish-offer': {
      if (!sfu || sfu instanceof MeetingRoom) throw new Error('publish-offer before init');
      send({ to: 'load', type: 'publish-answer', sdp: await sfu.acceptPublisher(message.sdp) });
      return;
    }
    case 'relay-publisher':
      return;
    case 'subscribe': {
      if (mode === 'relay') {
        if (message.relayPort === undefined) throw new Error('relay subscriber without a port');
        relay?.addReceiver(message.relayPort);
        return;
      }
      if (!sfu || sfu instanceof MeetingRoom) throw new Error('subscribe before init');
      send({ to: 'load', type: 'subscribe-offer', id: message.id, sdp: await sfu.offerSubscriber(message.id) });
      return;
    }
    case 'subscribe-answer': {
      if (!sfu || sfu instanceof MeetingRoom) throw new Error('subscribe-answer before init');
      await sfu.acceptSubscriberAnswer(message.id, message.sdp);
      return;
    }
    case 'window-start': {
      setupLoop?.close();
      setupLoop = undefined;
      if (setupInspector && setupProfileFile) {
        const { profile } = await setupInspector.post('Profiler.stop');
        writeFileSync(setupProfileFile, JSON.stringify(profile));
        setupInspector.disconnect();
      }
      if (inspector) {
        inspector.connect();
        await inspector.post('Profiler.enable');
        // 100 µs: a forwarded packet costs tens of µs, so the default 1 ms sees too few samples.
        await inspector.post('Profiler.setSamplingInterval', { interval: Number(process.env.BENCH_PROFILE_INTERVAL_US ?? 100) });
        await inspector.post('Profiler.start');
      }
      split?.start();
      if (sfu instanceof MeetingRoom) windowLoop = new LoopMonitor();
      const { received, forwarded } = counters();
      window = { cpu: process.cpuUsage(), threads: threadTicks(), startedAtMs: performance.now(), received, forwarded, gcPauseMs, paths: paths() };
      return;
    }
    case 'window-stop': {
      if (!window) throw new Error('window-stop without window-start');
      const cpu = process.cpuUsage(window.cpu);
      const wallMs = performance.now() - window.startedAtMs;
      const threadsAfter = threadTicks();
      const tickMs = 10; // USER_HZ is 100 on Linux
      let mainThreadUserMs = 0;
      let mainThreadSystemMs = 0;
      let otherThreadsMs = 0;
      for (const [tid, after] of threadsAfter) {
        const before = window.threads.get(tid) ?? { user: 0, system: 0 };
        if (tid === String(process.pid)) {
          mainThreadUserMs = (after.user - before.user) * tickMs;
          mainThreadSystemMs = (after.system - before.system) * tickMs;
        } else {
          otherThreadsMs += (after.user - before.user + after.system - before.system) * tickMs;
        }
      }
      const { received, forwarded } = counters();
      const pathsAfter = paths();
      const splitFigures = split?.stop();
      const loop = windowLoop?.mark();
      windowLoop?.close();
      windowLoop = undefined;
      if (inspector && profileFile) {
        const { profile } = await inspector.post('Profiler.stop');
        writeFileSync(profileFile, JSON.stringify(profile));
      }
      collectGarbage();
      // BENCH_HEAP_SNAPSHOT=file: what the forwarder's heap holds at the end of the window (Chrome DevTools' format).
      if (process.env.BENCH_HEAP_SNAPSHOT) writeHeapSnapshot(process.env.BENCH_HEAP_SNAPSHOT);
      const usage = process.memoryUsage();
      const measurement: Measurement = {
        cpuUserUs: cpu.user,
        cpuSystemUs: cpu.system,
        wallMs,
        forwardedPackets: forwarded - window.forwarded,
        receivedPackets: received - window.received,
        rssBaselineBytes,
        rssBytes: usage.rss,
        heapUsedBaselineBytes,
        heapUsedBytes: usage.heapUsed,
        gcPauseMs: gcPauseMs - window.gcPauseMs,
        mainThreadUserMs,
        mainThreadSystemMs,
        otherThreadsMs,
        layers: sfu instanceof MeetingRoom ? sfu.layerCounts() : undefined,
        split: splitFigures,
        loop,
        paths:
          pathsAfter && window.paths
            ? {
                path: pathsAfter.path,
                fastPackets: pathsAfter.fastPackets - window.paths.fastPackets,
                nativePackets: pathsAfter.nativePackets - window.paths.nativePackets,
                weriftPackets: pathsAfter.weriftPackets - window.paths.weriftPackets,
                droppedPackets: pathsAfter.droppedPackets - window.paths.droppedPackets,
                refusedPackets: pathsAfter.refusedPackets - window.paths.refusedPackets,
                nativeDecryptedPackets: pathsAfter.nativeDecryptedPackets - window.paths.nativeDecryptedPackets,
              }
            : undefined,
      };
      send({ to: 'orchestrator', type: 'measurement', measurement });
      return;
    }
    case 'exit': {
      await sfu?.close();
      relay?.close();
      process.exit(0);
    }
  }
}

raiseAutogroupPriority();

process.on('message', (message: ToForwarder) => {
  handle(message).catch((error: unknown) => {
    send({ to: 'orchestrator', type: 'error', message: `forwarder: ${error instanceof Error ? error.stack : String(error)}` });
  });
});
