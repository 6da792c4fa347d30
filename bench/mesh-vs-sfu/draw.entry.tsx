/**
 * Runs in real Chromium (bundled by bench/mesh-vs-sfu/index.ts with esbuild). Draws the room figure's two
 * renderers at a given size with precomputed packet flows, so the timings are drawing only, and returns
 * per-frame times. A frame is timed from before the draw to a forced sync point: for canvas, reading one
 * pixel back (which flushes the queued drawing); for SVG, React's synchronous commit plus a forced layout.
 * Paint and compositing of SVG happen after that point and are not included, so SVG's cost is understated.
 */
import { createRoot } from 'react-dom/client';
import { flushSync } from 'react-dom';
import { createRng } from '@/lib/random';
import { initialFlow, roomEdges, roomLayout, stepFlow, type FlowState, type Topology } from '@/lib/bandwidth';
import { SvgRoom } from '@/components/figures/mesh-vs-sfu/SvgRoom';
import { drawRoomPackets, drawRoomStatic, type RoomColors, type RoomScene } from '@/components/figures/mesh-vs-sfu/scene';

const COLORS: RoomColors = {
  fg: '#1d1e24',
  muted: '#5b5e6b',
  border: '#d9d6cc',
  accent: '#4654d8',
  accent2: '#c2410c',
  surface: '#ffffff',
  edgeActive: '#8c93e2',
};
const SIZE_PX = 720;
const STEP_MS = 16;
/** Full redraws are slow for SVG at 1,000 people; fewer samples keep the run short. */
const FULL_FRAMES = 12;

export interface DrawCase {
  topology: Topology;
  people: number;
  talkers: number;
  frames: number;
}

export interface DrawTimes {
  /** Per frame, canvas, static layer cached (what the figure does every frame). */
  canvasFrameMs: number[];
  /** Per frame, canvas, everything redrawn (what happens when the reader changes an input). */
  canvasFullMs: number[];
  /** Per frame, SVG, packets only (connections and people are memoised). */
  svgFrameMs: number[];
  /** Per frame, SVG, a new scene each time (an input change). */
  svgFullMs: number[];
}

function flows(scene: RoomScene, frames: number): FlowState[] {
  const rng = createRng(1);
  const params = { topology: scene.topology, people: scene.layout.people, senders: scene.senders };
  let flow = initialFlow();
  for (let t = 0; t < 1200; t += STEP_MS) flow = stepFlow(flow, params, STEP_MS, rng);
  const out: FlowState[] = [];
  for (let i = 0; i < frames; i += 1) {
    flow = stepFlow(flow, params, STEP_MS, rng);
    out.push(flow);
  }
  return out;
}

function sceneFor({ topology, people, talkers }: DrawCase): RoomScene {
  return { layout: roomLayout(people), edges: roomEdges(topology, people), topology, talkers, senders: talkers };
}

function timeCanvas(scene: RoomScene, frames: FlowState[], full: boolean): number[] {
  const canvas = document.createElement('canvas');
  canvas.width = SIZE_PX;
  canvas.height = SIZE_PX;
  document.body.append(canvas);
  const ctx = canvas.getContext('2d')!;
  const layer = document.createElement('canvas');
  layer.width = SIZE_PX;
  layer.height = SIZE_PX;
  const layerCtx = layer.getContext('2d')!;
  drawRoomStatic(layerCtx, scene, SIZE_PX, COLORS);
  const times: number[] = [];
  for (const flow of frames) {
    const start = performance.now();
    if (full) drawRoomStatic(layerCtx, { ...scene }, SIZE_PX, COLORS);
    ctx.clearRect(0, 0, SIZE_PX, SIZE_PX);
    ctx.drawImage(layer, 0, 0);
    drawRoomPackets(ctx, scene, flow, SIZE_PX, COLORS);
    ctx.getImageData(0, 0, 1, 1);
    times.push(performance.now() - start);
  }
  canvas.remove();
  return times;
}

function timeSvg(scene: RoomScene, frames: FlowState[], full: boolean): number[] {
  const host = document.createElement('div');
  host.style.width = `${SIZE_PX}px`;
  document.body.append(host);
  const root = createRoot(host);
  flushSync(() => root.render(<SvgRoom scene={scene} flow={frames[0]} />));
  const times: number[] = [];
  for (const flow of frames) {
    const next = full ? { ...scene } : scene;
    const start = performance.now();
    flushSync(() => root.render(<SvgRoom scene={next} flow={flow} />));
    host.getBoundingClientRect();
    host.querySelector('svg')!.getBBox();
    times.push(performance.now() - start);
  }
  root.unmount();
  host.remove();
  return times;
}

declare global {
  interface Window {
    runDrawBench: (c: DrawCase) => DrawTimes;
  }
}

window.runDrawBench = (c: DrawCase): DrawTimes => {
  const scene = sceneFor(c);
  const frames = flows(scene, c.frames);
  return {
    canvasFrameMs: timeCanvas(scene, frames, false),
    canvasFullMs: timeCanvas(scene, frames.slice(0, FULL_FRAMES), true),
    svgFrameMs: timeSvg(scene, frames, false),
    svgFullMs: timeSvg(scene, frames.slice(0, FULL_FRAMES), true),
  };
};
