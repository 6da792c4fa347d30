/**
 * The canvas room's painter (components/figures/mesh-vs-sfu/roomPainter.ts) runs in a worker now, away from the
 * page that used to hold the room's packet flow: what it draws must be what the page drew, the flow warmed for
 * each new room and stepped by the page's ticks with one random sequence, once per frame for the newest state.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRng } from '@/lib/random';
import { packetProgress, roomEdges, roomLayout, SERVER, stepFlow, type FlowParams } from '@/lib/bandwidth';
import { RoomPainter, type PaintedRoom } from '@/components/figures/mesh-vs-sfu/roomPainter';
import { drawRoomPackets, drawRoomStatic, FLOW_SEED, packetPaths, packetRadius, PATH_SCALE, roomGeometry, roomPaths, VIEW_EXTENT, warmFlow, type RoomColors, type RoomScene } from '@/components/figures/mesh-vs-sfu/scene';

const COLORS: RoomColors = { fg: '#111', muted: '#666', border: '#ccc', accent: '#44f', accent2: '#f4a', surface: '#fff' };
const SIZE = 400;

/** A canvas whose 2D context writes every call into `calls`, so two drawings can be compared call for call. */
class RecordingCanvas {
  width = 0;
  height = 0;
  readonly calls: string[] = [];
  getContext() {
    return new Proxy({} as Record<string | symbol, unknown>, {
      get: (_, name) => (...args: unknown[]) => void this.calls.push(`${String(name)}(${args.map((a) => (typeof a === 'object' ? 'canvas' : String(a))).join(',')})`),
      set: (_, name, value) => {
        this.calls.push(`${String(name)}=${String(value)}`);
        return true;
      },
    });
  }
}

function sceneOf(room: PaintedRoom): RoomScene {
  return { layout: roomLayout(room.people), edges: roomEdges(room.topology, room.people), ...room };
}

describe('the canvas room painter', () => {
  let frames: (() => void)[];
  const nextFrame = () => frames.splice(0).forEach((draw) => draw());
  beforeEach(() => {
    frames = [];
    vi.stubGlobal('OffscreenCanvas', RecordingCanvas);
  });
  afterEach(() => vi.unstubAllGlobals());

  function start() {
    const still = new RecordingCanvas();
    const packets = new RecordingCanvas();
    const painter = new RoomPainter(still as unknown as OffscreenCanvas, packets as unknown as OffscreenCanvas, (draw) => frames.push(draw));
    painter.receive({ type: 'size', sizePx: SIZE });
    painter.receive({ type: 'colors', colors: COLORS });
    return { painter, still, packets };
  }

  it('draws a room and its packets as the page did: the flow warmed, then stepped by each tick with one random sequence', () => {
    const { painter, still, packets } = start();
    const room: PaintedRoom = { topology: 'mesh', people: 700, talkers: 40, senders: 40 };
    painter.receive({ type: 'room', room });
    nextFrame();
    const params: FlowParams = { topology: 'mesh', people: 700, senders: 40 };
    const scene = sceneOf(room);
    const expectedStill = new RecordingCanvas();
    drawRoomStatic(expectedStill.getContext() as unknown as OffscreenCanvasRenderingContext2D, scene, SIZE, COLORS);
    expect(still.calls).toEqual(expectedStill.calls);

    const rng = createRng(FLOW_SEED);
    let flow = warmFlow(params);
    for (const dtMs of [16, 17, 100]) {
      painter.receive({ type: 'step', dtMs });
      flow = stepFlow(flow, params, dtMs, rng);
    }
    packets.calls.length = 0;
    nextFrame();
    const expectedPackets = new RecordingCanvas();
    const ctx = expectedPackets.getContext() as unknown as OffscreenCanvasRenderingContext2D;
    ctx.clearRect(0, 0, SIZE, SIZE);
    drawRoomPackets(ctx, scene, flow, SIZE, COLORS);
    expect(packets.calls).toEqual(expectedPackets.calls);
    expect(packets.calls.filter((call) => call.startsWith('fillRect')).length).toBeGreaterThan(100);
  });

  it('draws once a frame, for the newest room, and redraws the connections only when the room changed', () => {
    const { painter, still, packets } = start();
    for (let people = 900; people <= 1000; people += 1) painter.receive({ type: 'room', room: { topology: 'sfu', people, talkers: 10, senders: 10 } });
    expect(frames).toHaveLength(1);
    nextFrame();
    const expected = new RecordingCanvas();
    drawRoomStatic(expected.getContext() as unknown as OffscreenCanvasRenderingContext2D, sceneOf({ topology: 'sfu', people: 1000, talkers: 10, senders: 10 }), SIZE, COLORS);
    expect(still.calls).toEqual(expected.calls);

    still.calls.length = 0;
    packets.calls.length = 0;
    painter.receive({ type: 'step', dtMs: 16 });
    painter.receive({ type: 'room', room: { topology: 'sfu', people: 1000, talkers: 10, senders: 10 } });
    nextFrame();
    expect(still.calls).toEqual([]);
    expect(packets.calls.length).toBeGreaterThan(0);
  });
  it("draws the SVG room's packets alone, as the round dots the SVG drew, each where the model puts it", () => {
    const packets = new RecordingCanvas();
    const painter = new RoomPainter(null, packets as unknown as OffscreenCanvas, (draw) => frames.push(draw));
    painter.receive({ type: 'size', sizePx: SIZE });
    painter.receive({ type: 'colors', colors: COLORS });
    const room: PaintedRoom = { topology: 'mcu', people: 60, talkers: 60, senders: 60 };
    painter.receive({ type: 'room', room });
    painter.receive({ type: 'step', dtMs: 37 });
    nextFrame();
    const scene = sceneOf(room);
    const params: FlowParams = { topology: 'mcu', people: 60, senders: 60 };
    const flow = stepFlow(warmFlow(params), params, 37, createRng(FLOW_SEED));
    const scale = SIZE / 2 / VIEW_EXTENT;
    const r = packetRadius(scene) * scale;
    const arcs = (kind: 'voice' | 'mix') =>
      flow.packets.flatMap((packet) => {
        const t = packetProgress(packet, flow.timeMs);
        if (t === null || packet.kind !== kind) return [];
        const [x0, y0] = packet.from === SERVER ? [0, 0] : [scene.layout.x[packet.from], scene.layout.y[packet.from]];
        const [x1, y1] = packet.to === SERVER ? [0, 0] : [scene.layout.x[packet.to], scene.layout.y[packet.to]];
        const cx = SIZE / 2 + (x0 + (x1 - x0) * t) * scale;
        const cy = SIZE / 2 + (y0 + (y1 - y0) * t) * scale;
        return [`moveTo(${cx + r},${cy})`, `arc(${cx},${cy},${r},0,${2 * Math.PI})`];
      });
    const voice = arcs('voice');
    const mix = arcs('mix');
    expect(voice.length).toBeGreaterThan(40);
    expect(mix.length).toBeGreaterThan(40);
    expect(packets.calls).toEqual([
      `clearRect(0,0,${SIZE},${SIZE})`,
      `fillStyle=${COLORS.accent}`,
      'beginPath()',
      ...voice,
      'fill()',
      `fillStyle=${COLORS.accent2}`,
      'beginPath()',
      ...mix,
      'fill()',
    ]);
    // The dot's width is the SVG's: 0.45 of a person's radius, at most 0.03 of the view.
    expect(packetRadius(scene)).toBeCloseTo(Math.min(0.03, scene.layout.nodeRadius * 0.45), 12);
  });
});

describe("the SVG room's packet paths", () => {
  it('put a dot where each packet on the way is, to four decimals of the view, in integer path units', () => {
    const room: PaintedRoom = { topology: 'mcu', people: 60, talkers: 60, senders: 60 };
    const scene = sceneOf(room);
    const flow = stepFlow(warmFlow({ topology: 'mcu', people: 60, senders: 60 }), { topology: 'mcu', people: 60, senders: 60 }, 37, createRng(1));
    const expected = { voice: [] as number[][], mix: [] as number[][] };
    const at = (node: number, axis: Float64Array) => (node === SERVER ? 0 : axis[node]);
    for (const packet of flow.packets) {
      const t = packetProgress(packet, flow.timeMs);
      if (t === null) continue;
      const x = at(packet.from, scene.layout.x) + (at(packet.to, scene.layout.x) - at(packet.from, scene.layout.x)) * t;
      const y = at(packet.from, scene.layout.y) + (at(packet.to, scene.layout.y) - at(packet.from, scene.layout.y)) * t;
      // (+ 0: a dot at -0 and one at 0 are the same dot.)
      expected[packet.kind].push([Math.round(x * 1e4) / 1e4 + 0, Math.round(y * 1e4) / 1e4 + 0]);
    }
    const dots = (d: string) => [...d.matchAll(/M(-?\d+) (-?\d+)h0/g)].map((m) => [Number(m[1]) / PATH_SCALE + 0, Number(m[2]) / PATH_SCALE + 0]);
    const { voice, mix } = packetPaths(scene, flow);
    expect(dots(voice)).toEqual(expected.voice);
    expect(dots(mix)).toEqual(expected.mix);
    expect(expected.voice.length).toBeGreaterThan(20);
    expect(expected.mix.length).toBeGreaterThan(20);
  });
});

describe("the SVG room's still picture", () => {
  const dots = (d: string) => [...d.matchAll(/M(-?\d+) (-?\d+)h0/g)].map((m) => [Number(m[1]), Number(m[2])]);
  const lines = (d: string) => [...d.matchAll(/M(-?\d+) (-?\d+)L(-?\d+) (-?\d+)/g)].map((m) => m.slice(1).map(Number).join(' '));
  const at = (n: number) => Math.round(n * PATH_SCALE);

  it('puts one dot on each person, by role (talking, sending, silent), and every drawn connection in the quiet or the active path', () => {
    // VAD off: 12 of 30 talk, everyone sends; then VAD on: 12 talk and send, 18 are silent.
    for (const senders of [30, 12]) {
      const scene = sceneOf({ topology: 'mesh', people: 30, talkers: 12, senders });
      const paths = roomPaths(scene);
      const person = (i: number) => [at(scene.layout.x[i]), at(scene.layout.y[i])];
      const people = (from: number, to: number) => Array.from({ length: Math.max(0, to - from) }, (_, k) => person(from + k));
      expect(dots(paths.talkers)).toEqual(people(0, 12));
      expect(dots(paths.senders)).toEqual(people(12, senders));
      expect(dots(paths.listeners)).toEqual(people(senders, 30));

      const expected = { quiet: [] as string[], active: [] as string[] };
      for (let i = 0; i < scene.edges.pairs.length; i += 2) {
        const [a, b] = [scene.edges.pairs[i], scene.edges.pairs[i + 1]];
        const line = [...person(a), ...person(b)].join(' ');
        (a < senders || b < senders ? expected.active : expected.quiet).push(line);
      }
      expect(lines(paths.active)).toEqual(expected.active);
      expect(lines(paths.quiet)).toEqual(expected.quiet);
      expect(expected.active.length + expected.quiet.length).toBe(scene.edges.drawn);
    }
  });

  it("draws a server room's spokes to the centre", () => {
    const scene = sceneOf({ topology: 'sfu', people: 8, talkers: 3, senders: 3 });
    const paths = roomPaths(scene);
    expect(lines(paths.active)).toHaveLength(3);
    expect(lines(paths.quiet)).toHaveLength(5);
    expect(lines(paths.quiet + paths.active).every((line) => line.endsWith(' 0 0'))).toBe(true);
  });

  it('is made once per room: a drag back to a count gets the same geometry, paths and warmed flow', () => {
    const a = roomGeometry('mesh', 60);
    expect(roomGeometry('mesh', 59)).not.toBe(a);
    expect(roomGeometry('mesh', 60)).toBe(a);
    expect(roomGeometry('mesh', 60).layout).toEqual(roomLayout(60));
    expect(roomGeometry('sfu', 60).edges).toEqual(roomEdges('sfu', 60));
    const scene = { ...a, topology: 'mesh' as const, talkers: 60, senders: 60 };
    expect(roomPaths({ ...scene })).toBe(roomPaths(scene));
    const params: FlowParams = { topology: 'mesh', people: 60, senders: 60 };
    expect(warmFlow({ ...params })).toBe(warmFlow(params));
  });
});
