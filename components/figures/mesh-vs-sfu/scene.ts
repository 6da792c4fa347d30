/**
 * What the room renderers draw, shared by the SVG and the canvas renderer (and the benchmark).
 * No React here: the canvas drawing functions below run in the page, in the canvas room's worker
 * (roomCanvas.worker.ts, where there is no document) and in bench/.
 */
import {
  advanceFlow,
  EMIT_INTERVAL_MS,
  packetProgress,
  SERVER,
  TRAVEL_MS,
  type FlowParams,
  type FlowState,
  roomEdges,
  roomLayout,
  type RoomEdges,
  type RoomLayout,
  type Topology,
} from '@/lib/bandwidth';
import { createRng } from '@/lib/random';
import { recentlyUsed } from '@/components/figures/recentlyUsed';

/** The packet flow's seed: the room's packets are the same on every visit. */
export const FLOW_SEED = 2018;
const WARM_STEP_MS = 20;
/** Steps of WARM_STEP_MS that bring a fresh flow far enough that packets are already on the way. */
const WARM_STEPS = Math.ceil((EMIT_INTERVAL_MS + TRAVEL_MS / 2) / WARM_STEP_MS);

const warmFlows = recentlyUsed<FlowState>(16);

/**
 * A fresh flow stepped far enough that packets are already on the way (so a paused figure is not empty): the
 * state WARM_STEPS steps of stepFlow reach, built without the packets they would drop on the way. Kept for
 * the last few rooms: a flow is never changed in place (stepFlow returns a new one), so one can be shared.
 */
export function warmFlow(params: FlowParams): FlowState {
  return warmFlows(`${params.topology} ${params.people} ${params.senders}`, () =>
    advanceFlow(params, WARM_STEPS, WARM_STEP_MS, createRng(FLOW_SEED)),
  );
}

const geometries = recentlyUsed<Pick<RoomScene, 'layout' | 'edges'>>(64);

/**
 * Where everyone sits and which connections are drawn, for a wiring and a head count (roomLayout and
 * roomEdges), kept for the last 64 rooms: a step of the people slider moves every person, and a drag comes
 * back to the counts it has passed.
 */
export function roomGeometry(topology: Topology, people: number): Pick<RoomScene, 'layout' | 'edges'> {
  return geometries(`${topology} ${people}`, () => ({ layout: roomLayout(people), edges: roomEdges(topology, people) }));
}

/** A 2D context on a page canvas or on an OffscreenCanvas (in a worker). */
export type Context2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

export interface RoomScene {
  layout: RoomLayout;
  edges: RoomEdges;
  topology: Topology;
  /** Persons 0..talkers-1 are speaking. */
  talkers: number;
  /** Persons 0..senders-1 send audio (talkers, or everyone with VAD off). */
  senders: number;
}

export interface RoomRendererProps {
  scene: RoomScene;
  flow: FlowState;
}

/** Above this many people the room is drawn on a canvas; at or below it, as SVG. */
export const SVG_MAX_PEOPLE = 60;

/** Unit-square margin around the room so edge nodes are not clipped. */
export const VIEW_EXTENT = 1.12;

export function pointOf(layout: RoomLayout, node: number): [number, number] {
  return node === SERVER ? [0, 0] : [layout.x[node], layout.y[node]];
}

/** Calls `visit(x, y, kind)` for each packet on the way at the flow's current time. */
export function forEachPacket(
  scene: RoomScene,
  flow: FlowState,
  visit: (x: number, y: number, mix: boolean) => void,
): void {
  const { x, y } = scene.layout;
  for (const packet of flow.packets) {
    const t = packetProgress(packet, flow.timeMs);
    if (t === null) continue;
    // pointOf, without an array per end: this runs for every packet at every frame.
    const x0 = packet.from === SERVER ? 0 : x[packet.from];
    const y0 = packet.from === SERVER ? 0 : y[packet.from];
    const x1 = packet.to === SERVER ? 0 : x[packet.to];
    const y1 = packet.to === SERVER ? 0 : y[packet.to];
    visit(x0 + (x1 - x0) * t, y0 + (y1 - y0) * t, packet.kind === 'mix');
  }
}

/**
 * The SVG room's paths are written in units of 1 / PATH_SCALE of the view, as integers, inside a group scaled
 * back down (SVG_PATH_TRANSFORM): the same points as the view units rounded to four decimals, but an integer
 * becomes a string several times faster than a fraction, and the packets' paths are rebuilt every frame.
 */
export const PATH_SCALE = 1e4;
export const SVG_PATH_TRANSFORM = `scale(${1 / PATH_SCALE})`;

export interface RoomColors {
  fg: string;
  muted: string;
  border: string;
  accent: string;
  accent2: string;
  surface: string;
  /** A connection that carries someone's voice, in a room of up to SVG_MAX_PEOPLE: the accent mixed into the border. */
  edgeActive: string;
}

/** The active connection's colour as the SVG room's CSS wrote it (its `.edgeActive` stroke). */
const EDGE_ACTIVE = 'color-mix(in srgb, var(--accent) 45%, var(--border))';

/**
 * Reads the theme's custom properties from an element (canvas cannot use var() itself); a mixed colour is
 * resolved by the page's style engine, on a probe element, into a colour any canvas reads.
 */
export function readColors(element: Element): RoomColors {
  const style = getComputedStyle(element);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  const colors = {
    fg: read('--fg', '#1a1a1a'),
    muted: read('--muted', '#6b6b6b'),
    border: read('--border', '#d0d0d0'),
    accent: read('--accent', '#5865f2'),
    accent2: read('--accent-2', '#eb459e'),
    surface: read('--surface', '#f4f4f6'),
  };
  const probe = document.createElement('span');
  probe.style.display = 'none';
  probe.style.color = EDGE_ACTIVE;
  element.append(probe);
  const edgeActive = getComputedStyle(probe).color || colors.border;
  probe.remove();
  return { ...colors, edgeActive };
}

/** One anti-aliased disc of radius `r` px on a small canvas, to stamp many times (an OffscreenCanvas where there is one). */
function discSprite(r: number, fill: string): HTMLCanvasElement | OffscreenCanvas {
  const side = Math.ceil(2 * r + 2);
  const sprite = typeof OffscreenCanvas === 'function' ? new OffscreenCanvas(side, side) : document.createElement('canvas');
  sprite.width = side;
  sprite.height = side;
  const ctx = sprite.getContext('2d') as Context2D | null;
  if (ctx) {
    ctx.fillStyle = fill;
    ctx.beginPath();
    ctx.arc(side / 2, side / 2, r, 0, Math.PI * 2);
    ctx.fill();
  }
  return sprite;
}

/**
 * The still layer of a room: connections and people (the server's box is laid over it by the page, in the
 * page's font). Up to SVG_MAX_PEOPLE, as the SVG room drew them (drawSmallRoom), else as a crowd
 * (drawRoomStatic). `cssPx` is how many canvas pixels make a CSS pixel (the device pixel ratio).
 */
export function drawRoomStill(ctx: Context2D, scene: RoomScene, sizePx: number, cssPx: number, colors: RoomColors): void {
  if (scene.layout.people <= SVG_MAX_PEOPLE) drawSmallRoom(ctx, scene, sizePx, cssPx, colors);
  else drawRoomStatic(ctx, scene, sizePx, colors);
}

/**
 * A room of up to SVG_MAX_PEOPLE as the SVG room drew it: every connection, 1 CSS px in the border's colour, or
 * 1.5 px in the accent mixed into it when it carries someone's voice (active over quiet); each person a disc of
 * the layout's radius, silent people, then people who send, then talkers on top. The quiet connections are one
 * path; an active one is stroked on its own: 1,770 connections 1.5 px wide as one path took 15-22 ms to fill
 * (at 60 people all talking; one stroke each, 14 ms) and left streaks where many overlap, which the SVG's
 * rasterizer did not (a 1 px path is drawn as hairlines, 2-3 ms either way).
 */
export function drawSmallRoom(ctx: Context2D, scene: RoomScene, sizePx: number, cssPx: number, colors: RoomColors): void {
  const { layout, edges, talkers, senders } = scene;
  const half = sizePx / 2;
  const scale = half / VIEW_EXTENT;
  const { x, y } = layout;
  const px = (node: number, axis: Float64Array) => half + (node === SERVER ? 0 : axis[node]) * scale;
  ctx.clearRect(0, 0, sizePx, sizePx);
  const { pairs } = edges;
  const connections = (active: boolean, stroke: string, widthCss: number) => {
    ctx.strokeStyle = stroke;
    ctx.lineWidth = widthCss * cssPx;
    ctx.beginPath();
    for (let i = 0; i < pairs.length; i += 2) {
      const a = pairs[i];
      const b = pairs[i + 1];
      if ((a < senders || (b !== SERVER && b < senders)) !== active) continue;
      ctx.moveTo(px(a, x), px(a, y));
      ctx.lineTo(px(b, x), px(b, y));
      if (active) {
        ctx.stroke();
        ctx.beginPath();
      }
    }
    if (!active) ctx.stroke();
  };
  connections(false, colors.border, 1);
  connections(true, colors.edgeActive, 1.5);

  const r = layout.nodeRadius * scale;
  const discs = (from: number, to: number, fill: string) => {
    if (to <= from) return;
    ctx.fillStyle = fill;
    ctx.beginPath();
    for (let i = from; i < to; i += 1) {
      const cx = half + x[i] * scale;
      const cy = half + y[i] * scale;
      ctx.moveTo(cx + r, cy);
      ctx.arc(cx, cy, r, 0, 2 * Math.PI);
    }
    ctx.fill();
  };
  discs(Math.max(talkers, senders), layout.people, colors.muted);
  discs(talkers, Math.min(senders, layout.people), colors.fg);
  discs(0, Math.min(talkers, layout.people), colors.accent);
}

/** A crowd's still layer (more than SVG_MAX_PEOPLE): faint connections and stamped dots. Redrawn only when the scene changes. */
export function drawRoomStatic(ctx: Context2D, scene: RoomScene, sizePx: number, colors: RoomColors): void {
  const { layout, edges, talkers, senders } = scene;
  const half = sizePx / 2;
  const scale = half / VIEW_EXTENT;
  const px = (u: number) => half + u * scale;
  ctx.clearRect(0, 0, sizePx, sizePx);

  // Connections: faint, thinner and fainter the more there are.
  ctx.strokeStyle = colors.border;
  ctx.globalAlpha = edges.drawn > 2000 ? 0.5 : edges.drawn > 300 ? 0.55 : 0.9;
  ctx.lineWidth = edges.drawn > 2000 ? 0.6 : 1;
  ctx.beginPath();
  const { pairs } = edges;
  for (let i = 0; i < pairs.length; i += 2) {
    const [ax, ay] = pointOf(layout, pairs[i]);
    const [bx, by] = pointOf(layout, pairs[i + 1]);
    ctx.moveTo(px(ax), px(ay));
    ctx.lineTo(px(bx), px(by));
  }
  ctx.stroke();
  ctx.globalAlpha = 1;

  const r = Math.max(1.2, layout.nodeRadius * scale);
  // Silent people, then people who send, then talkers (drawn last so they stay on top). Each dot is
  // stamped from a pre-drawn sprite: a thousand drawImage calls are far cheaper than a thousand arcs.
  const paint = (from: number, to: number, fill: string) => {
    if (to <= from) return;
    const sprite = discSprite(r, fill);
    const offset = sprite.width / 2;
    for (let i = from; i < to; i += 1) ctx.drawImage(sprite, px(layout.x[i]) - offset, px(layout.y[i]) - offset);
  };
  paint(Math.max(talkers, senders), layout.people, colors.muted);
  paint(talkers, senders, colors.fg);
  paint(0, talkers, colors.accent);
}

/**
 * The canvas's moving layer: packets in flight. In a room drawn as SVG (up to SVG_MAX_PEOPLE), the dots the SVG
 * room always drew: round, packetRadius across, voice then mixes; in a larger room small squares (fillRect is
 * the fastest shape).
 */
export function drawRoomPackets(
  ctx: Context2D,
  scene: RoomScene,
  flow: FlowState,
  sizePx: number,
  colors: RoomColors,
): void {
  const half = sizePx / 2;
  const scale = half / VIEW_EXTENT;
  const mixes: number[] = [];
  if (scene.layout.people <= SVG_MAX_PEOPLE) {
    const r = packetRadius(scene) * scale;
    const dots = (fill: string, at: (visit: (x: number, y: number) => void) => void) => {
      ctx.fillStyle = fill;
      ctx.beginPath();
      at((x, y) => {
        const cx = half + x * scale;
        const cy = half + y * scale;
        ctx.moveTo(cx + r, cy);
        ctx.arc(cx, cy, r, 0, 2 * Math.PI);
      });
      ctx.fill();
    };
    dots(colors.accent, (visit) =>
      forEachPacket(scene, flow, (x, y, mix) => {
        if (mix) mixes.push(x, y);
        else visit(x, y);
      }),
    );
    if (mixes.length) dots(colors.accent2, (visit) => {
      for (let i = 0; i < mixes.length; i += 2) visit(mixes[i], mixes[i + 1]);
    });
    return;
  }
  const side = scene.layout.people > 300 ? 2.5 : 4;
  const offset = side / 2;
  ctx.fillStyle = colors.accent;
  forEachPacket(scene, flow, (x, y, mix) => {
    if (mix) mixes.push(x, y);
    else ctx.fillRect(half + x * scale - offset, half + y * scale - offset, side, side);
  });
  ctx.fillStyle = colors.accent2;
  for (let i = 0; i < mixes.length; i += 2) {
    ctx.fillRect(half + mixes[i] * scale - offset, half + mixes[i + 1] * scale - offset, side, side);
  }
}

/** A packet's radius in view units in a room drawn as SVG: dots that scale with the room's people. */
export function packetRadius(scene: RoomScene): number {
  return Math.min(0.03, scene.layout.nodeRadius * 0.45);
}

/**
 * The packets in flight as two SVG path strings (voice, mixed), one zero-length subpath per packet, in view
 * units x PATH_SCALE: stroked with round caps, each subpath is a dot the stroke's width across. Two attributes a frame
 * instead of a canvas: with the CPU slowed 4x, committing a redrawn canvas cost ~13 ms a frame
 * (docs/performance.md), while the strings for 1,200 packets take a fraction of that.
 */
export function packetPaths(scene: RoomScene, flow: FlowState): { voice: string; mix: string } {
  let voice = '';
  let mix = '';
  forEachPacket(scene, flow, (x, y, isMix) => {
    const dot = `M${Math.round(x * PATH_SCALE)} ${Math.round(y * PATH_SCALE)}h0`;
    if (isMix) mix += dot;
    else voice += dot;
  });
  return { voice, mix };
}

/** The SVG room's still picture as path strings, in view units x PATH_SCALE (drawn inside SVG_PATH_TRANSFORM). */
export interface RoomPaths {
  /** Connections between people who send nothing. */
  quiet: string;
  /** Connections that carry someone's voice. */
  active: string;
  /** People as zero-length subpaths (dots, by round caps the dot's width across), by role. */
  talkers: string;
  senders: string;
  listeners: string;
}

interface GeometryPieces {
  /** Each drawn connection's subpath. */
  segments: string[];
  /** Each person's dot. */
  dots: string[];
  /** The paths for the last few talkers and senders of this geometry. */
  paths: (key: string, make: () => RoomPaths) => RoomPaths;
}

const pieces = new WeakMap<RoomEdges, GeometryPieces>();

/**
 * The SVG room's connections and people as five path strings, made once per room (a geometry from
 * roomGeometry, talkers and senders) and kept while the geometry is: a people drag changes five attributes
 * of the same elements, where the people were one <circle> each to restyle and lay out at every step.
 * A dot is a zero-length subpath stroked with round caps 2 x nodeRadius wide: the circle it was.
 */
export function roomPaths(scene: RoomScene): RoomPaths {
  const { layout, edges, talkers, senders } = scene;
  let geometry = pieces.get(edges);
  if (!geometry || geometry.dots.length !== layout.people) {
    const at = (n: number) => Math.round(n * PATH_SCALE);
    const segments: string[] = [];
    for (let i = 0; i < edges.pairs.length; i += 2) {
      const [x1, y1] = pointOf(layout, edges.pairs[i]);
      const [x2, y2] = pointOf(layout, edges.pairs[i + 1]);
      segments.push(`M${at(x1)} ${at(y1)}L${at(x2)} ${at(y2)}`);
    }
    const dots: string[] = [];
    for (let i = 0; i < layout.people; i += 1) dots.push(`M${at(layout.x[i])} ${at(layout.y[i])}h0`);
    geometry = { segments, dots, paths: recentlyUsed<RoomPaths>(8) };
    pieces.set(edges, geometry);
  }
  const { segments, dots } = geometry;
  return geometry.paths(`${talkers} ${senders}`, () => {
    let quiet = '';
    let active = '';
    for (let i = 0; i < edges.pairs.length; i += 2) {
      const isActive = edges.pairs[i] < senders || (edges.pairs[i + 1] !== SERVER && edges.pairs[i + 1] < senders);
      if (isActive) active += segments[i / 2];
      else quiet += segments[i / 2];
    }
    const role = (from: number, to: number) => dots.slice(Math.max(0, from), Math.max(0, to)).join('');
    return {
      quiet,
      active,
      talkers: role(0, Math.min(talkers, layout.people)),
      senders: role(talkers, Math.min(senders, layout.people)),
      listeners: role(Math.max(talkers, senders), layout.people),
    };
  });
}
