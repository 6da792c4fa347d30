/**
 * The canvas room's painter (components/figures/mesh-vs-sfu/roomPainter.ts) runs in a worker now, away from the
 * page that used to hold the room's packet flow: what it draws must be what the page drew, the flow warmed for
 * each new room and stepped by the page's ticks with one random sequence, once per frame for the newest state.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRng } from '@/lib/random';
import { packetProgress, roomEdges, roomLayout, SERVER, stepFlow, type FlowParams } from '@/lib/bandwidth';
import { RoomPainter, type PaintedRoom } from '@/components/figures/mesh-vs-sfu/roomPainter';
import { drawRoomPackets, drawRoomStatic, drawSmallRoom, FLOW_SEED, packetPaths, packetRadius, PATH_SCALE, roomGeometry, roomPaths, VIEW_EXTENT, warmFlow, type RoomColors, type RoomScene } from '@/components/figures/mesh-vs-sfu/scene';

const COLORS: RoomColors = { fg: '#111', muted: '#666', border: '#ccc', accent: '#44f', accent2: '#f4a', surface: '#fff', edgeActive: '#99e' };
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
    painter.receive({ type: 'size', sizePx: SIZE, cssPx: 1 });
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
  it('draws a room of up to 60 as the SVG room did, its packets as round dots, each where the model puts it', () => {
    const { painter, still, packets } = start();
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
    // The still canvas: the SVG room's picture (drawSmallRoom), not the crowd's.
    const expectedStill = new RecordingCanvas();
    drawSmallRoom(expectedStill.getContext() as unknown as OffscreenCanvasRenderingContext2D, scene, SIZE, 1, COLORS);
    expect(still.calls).toEqual(expectedStill.calls);
  });

  it('copies back the still layer of a room it drew a moment ago (a drag goes back and forth), and draws it again at a new size', () => {
    const { painter, still } = start();
    const at = (people: number) => painter.receive({ type: 'room', room: { topology: 'mesh', people, talkers: people, senders: people } });
    at(60);
    nextFrame();
    const drawn60 = [...still.calls];
    at(59);
    nextFrame();
    still.calls.length = 0;
    at(60);
    nextFrame();
    expect(still.calls).toEqual([`clearRect(0,0,${SIZE},${SIZE})`, 'drawImage(canvas,0,0)']);
    still.calls.length = 0;
    painter.receive({ type: 'size', sizePx: SIZE, cssPx: 2 });
    nextFrame();
    // Drawn again, as the first time but for the canvas's new size and a connection's wider stroke.
    expect(still.calls.filter((call) => call.startsWith('arc('))).toHaveLength(drawn60.filter((call) => call.startsWith('arc(')).length);
    expect(still.calls.filter((call) => call.startsWith('lineWidth='))).toEqual(['lineWidth=2', 'lineWidth=3']);
  });

  it('draws 60 people as the SVG room and 61 as a crowd, and redraws at a new device pixel ratio', () => {
    const { painter, still } = start();
    painter.receive({ type: 'room', room: { topology: 'mesh', people: 60, talkers: 5, senders: 5 } });
    nextFrame();
    expect(still.calls.some((call) => call.startsWith('arc('))).toBe(true);
    expect(still.calls.some((call) => call.startsWith('drawImage('))).toBe(false);
    still.calls.length = 0;
    painter.receive({ type: 'room', room: { topology: 'mesh', people: 61, talkers: 5, senders: 5 } });
    nextFrame();
    expect(still.calls.some((call) => call.startsWith('arc('))).toBe(false);
    expect(still.calls.filter((call) => call.startsWith('drawImage(')).length).toBe(61);
    still.calls.length = 0;
    painter.receive({ type: 'room', room: { topology: 'mesh', people: 30, talkers: 5, senders: 5 } });
    painter.receive({ type: 'size', sizePx: SIZE, cssPx: 2 });
    nextFrame();
    // A connection 1 and 1.5 CSS px wide: 2 and 3 canvas px at twice the pixels.
    expect(still.calls.filter((call) => call.startsWith('lineWidth='))).toEqual(['lineWidth=2', 'lineWidth=3']);
  });
});

describe("the small room's canvas picture (the SVG room's, drawn by the painter)", () => {
  /**
   * The calls a drawing made, by path: each beginPath to its stroke or fill, with the style set before it; paths
   * drawn one after another in the same style (an active connection is stroked on its own) count as one.
   */
  function paths(calls: string[]) {
    const out: { style: string; width?: string; lines: string[]; discs: string[] }[] = [];
    let style = '';
    let width: string | undefined;
    let current: (typeof out)[number] | null = null;
    for (const call of calls) {
      if (call.startsWith('strokeStyle=') || call.startsWith('fillStyle=')) style = call;
      else if (call.startsWith('lineWidth=')) width = call.slice('lineWidth='.length);
      else if (call === 'beginPath()') current = { style, width: style.startsWith('stroke') ? width : undefined, lines: [], discs: [] };
      else if (call.startsWith('lineTo(')) current!.lines.push(call);
      else if (call.startsWith('arc(')) current!.discs.push(call);
      else if (call === 'stroke()' || call === 'fill()') {
        const last = out[out.length - 1];
        if (last && last.style === current!.style && last.width === current!.width) {
          last.lines.push(...current!.lines);
          last.discs.push(...current!.discs);
        } else out.push(current!);
      }
    }
    return out;
  }

  it('draws every connection once, quiet 1 px in the border colour and active 1.5 px in the mixed accent, and one disc per person by role', () => {
    // VAD off: 12 of 30 talk, everyone sends; then VAD on: 12 talk and send, 18 are silent.
    for (const senders of [30, 12]) {
      const scene = sceneOf({ topology: 'mesh', people: 30, talkers: 12, senders });
      const canvas = new RecordingCanvas();
      drawSmallRoom(canvas.getContext() as unknown as OffscreenCanvasRenderingContext2D, scene, SIZE, 1, COLORS);
      const drawn = paths(canvas.calls);
      const scale = SIZE / 2 / VIEW_EXTENT;
      const at = (i: number, axis: Float64Array) => SIZE / 2 + axis[i] * scale;
      const r = scene.layout.nodeRadius * scale;
      const discs = (from: number, to: number) => Array.from({ length: Math.max(0, to - from) }, (_, k) => `arc(${at(from + k, scene.layout.x)},${at(from + k, scene.layout.y)},${r},0,${2 * Math.PI})`);
      const expected = { quiet: [] as string[], active: [] as string[] };
      for (let i = 0; i < scene.edges.pairs.length; i += 2) {
        const [a, b] = [scene.edges.pairs[i], scene.edges.pairs[i + 1]];
        (a < senders || b < senders ? expected.active : expected.quiet).push(`lineTo(${at(b, scene.layout.x)},${at(b, scene.layout.y)})`);
      }
      const people = drawn.filter((path) => path.discs.length);
      expect(drawn.slice(0, 2)).toEqual([
        { style: `strokeStyle=${COLORS.border}`, width: '1', lines: expected.quiet, discs: [] },
        { style: `strokeStyle=${COLORS.edgeActive}`, width: '1.5', lines: expected.active, discs: [] },
      ]);
      expect(expected.active.length + expected.quiet.length).toBe(scene.edges.drawn);
      // Silent people, then those who send, then the talkers on top.
      expect(people.map((path) => [path.style, path.discs])).toEqual(
        [
          [`fillStyle=${COLORS.muted}`, discs(senders, 30)],
          [`fillStyle=${COLORS.fg}`, discs(12, senders)],
          [`fillStyle=${COLORS.accent}`, discs(0, 12)],
        ].filter(([, d]) => d.length),
      );
    }
  });

  it("draws a server room's spokes to the centre", () => {
    const scene = sceneOf({ topology: 'sfu', people: 8, talkers: 3, senders: 3 });
    const canvas = new RecordingCanvas();
    drawSmallRoom(canvas.getContext() as unknown as OffscreenCanvasRenderingContext2D, scene, SIZE, 1, COLORS);
    const [quiet, active] = paths(canvas.calls);
    expect(active.lines).toHaveLength(3);
    expect(quiet.lines).toHaveLength(5);
    expect([...quiet.lines, ...active.lines].every((line) => line === `lineTo(${SIZE / 2},${SIZE / 2})`)).toBe(true);
  });
});

/** The benchmark's SVG room (bench/mesh-vs-sfu, SvgRoom): the figure's picture until wave 8. */
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
