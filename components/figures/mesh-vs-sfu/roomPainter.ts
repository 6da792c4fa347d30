/**
 * The room's drawing and its packet clock, from 2 people to a thousand: the connections and people on one
 * canvas, redrawn when the room changes, and the packets on a second laid over it, redrawn at each tick (up to
 * SVG_MAX_PEOPLE as the SVG room drew them, beyond that as a crowd: drawRoomStill). It runs in a worker on
 * canvases the page has handed over (roomCanvas.worker.ts), so neither the room's model (layout, connections,
 * packet flow) nor the drawing nor the canvases' commits take the page's main thread, which only posts the
 * inputs and the ticks; where a canvas cannot be handed over it runs on the page. Messages are applied as they
 * come and the canvases drawn once per frame, for the newest state.
 */
import { stepFlow, type FlowParams, type FlowState, type Topology } from '@/lib/bandwidth';
import { createRng } from '@/lib/random';
import { drawRoomPackets, drawRoomStill, FLOW_SEED, roomGeometry, warmFlow, type Context2D, type RoomColors, type RoomScene } from './scene';

/** What the page knows about the room: the inputs the picture follows. */
export interface PaintedRoom {
  topology: Topology;
  people: number;
  talkers: number;
  senders: number;
}

export type PainterMessage =
  | { type: 'room'; room: PaintedRoom }
  /** The canvases' side in device pixels, and how many of them make a CSS pixel (the device pixel ratio). */
  | { type: 'size'; sizePx: number; cssPx: number }
  | { type: 'colors'; colors: RoomColors }
  /** Advance the packets by one tick of the page's frame loop (it owns the clock: play, pause, step, reduced motion). */
  | { type: 'step'; dtMs: number };

type Canvas = HTMLCanvasElement | OffscreenCanvas;

export class RoomPainter {
  private room: PaintedRoom | null = null;
  private sizePx = 0;
  private cssPx = 1;
  private colors: RoomColors | null = null;
  /** The scene for `room`; null when the room has changed since it was built. */
  private scene: RoomScene | null = null;
  private params: FlowParams | null = null;
  /** The flow for `params`; null when it has to be warmed again (a new room). */
  private flow: FlowState | null = null;
  /** The ticks' random numbers: one sequence for the painter's life, as the page's room had. */
  private readonly rng = createRng(FLOW_SEED);
  /**
   * Copies of the still layer for the last few rooms, at this size and in these colours, newest last: a drag goes
   * back and forth over the same counts, and a room of 60 all talking takes ~15 ms to draw on a fast core.
   */
  private readonly stills = new Map<string, Canvas>();
  private staticDirty = false;
  private packetsDirty = false;
  private scheduled = false;

  constructor(
    /** The connections and people's canvas. */
    private readonly staticCanvas: Canvas,
    private readonly packetCanvas: Canvas,
    /** Runs `draw` before the next frame (requestAnimationFrame in the worker). */
    private readonly schedule: (draw: () => void) => void,
  ) {}

  receive(message: PainterMessage): void {
    switch (message.type) {
      case 'room': {
        const { room } = message;
        const was = this.room;
        this.room = room;
        if (was && was.topology === room.topology && was.people === room.people && was.talkers === room.talkers && was.senders === room.senders) return;
        this.scene = null;
        if (!this.params || this.params.topology !== room.topology || this.params.people !== room.people || this.params.senders !== room.senders) {
          this.params = { topology: room.topology, people: room.people, senders: room.senders };
          this.flow = null;
        }
        this.staticDirty = this.packetsDirty = true;
        break;
      }
      case 'size':
        if (message.sizePx === this.sizePx && message.cssPx === this.cssPx) return;
        this.sizePx = message.sizePx;
        this.cssPx = message.cssPx;
        this.stills.clear();
        this.staticDirty = this.packetsDirty = true;
        break;
      case 'colors':
        this.colors = message.colors;
        this.stills.clear();
        this.staticDirty = this.packetsDirty = true;
        break;
      case 'step':
        if (!this.params) return;
        this.flow = stepFlow(this.currentFlow(this.params), this.params, message.dtMs, this.rng);
        this.packetsDirty = true;
        break;
    }
    if (!this.scheduled) {
      this.scheduled = true;
      this.schedule(() => {
        this.scheduled = false;
        this.draw();
      });
    }
  }

  private currentFlow(params: FlowParams): FlowState {
    this.flow ??= warmFlow(params);
    return this.flow;
  }

  private currentScene(room: PaintedRoom): RoomScene {
    if (!this.scene) {
      // The layout and connections of the last rooms are kept (roomGeometry): a drag comes back to them.
      const { layout, edges } = roomGeometry(room.topology, room.people);
      this.scene = { layout, edges, topology: room.topology, talkers: room.talkers, senders: room.senders };
    }
    return this.scene;
  }

  /** The still layer for `room`: a kept copy where there is one, else drawn, and a copy kept. */
  private drawStill(ctx: Context2D, room: PaintedRoom, scene: RoomScene, sizePx: number, colors: RoomColors): void {
    const key = `${room.topology} ${room.people} ${room.talkers} ${room.senders}`;
    const kept = this.stills.get(key);
    if (kept) {
      this.stills.delete(key);
      this.stills.set(key, kept);
      ctx.clearRect(0, 0, sizePx, sizePx);
      ctx.drawImage(kept, 0, 0);
      return;
    }
    drawRoomStill(ctx, scene, sizePx, this.cssPx, colors);
    const copy = offPageCanvas(sizePx);
    (copy.getContext('2d') as Context2D | null)?.drawImage(this.staticCanvas, 0, 0);
    if (this.stills.size >= KEPT_STILLS) this.stills.delete(this.stills.keys().next().value!);
    this.stills.set(key, copy);
  }

  private draw(): void {
    const { room, params, colors, sizePx } = this;
    if (!room || !params || !colors || sizePx <= 0) return;
    const scene = this.currentScene(room);
    if (this.staticDirty) {
      this.staticDirty = false;
      const ctx = context(this.staticCanvas, sizePx);
      if (ctx) this.drawStill(ctx, room, scene, sizePx, colors);
    }
    if (this.packetsDirty) {
      this.packetsDirty = false;
      const ctx = context(this.packetCanvas, sizePx);
      if (!ctx) return;
      ctx.clearRect(0, 0, sizePx, sizePx);
      drawRoomPackets(ctx, scene, this.currentFlow(params), sizePx, colors);
    }
  }
}

/** How many still layers a painter keeps (a drag's two ends, and a little more). */
const KEPT_STILLS = 4;

/** A blank canvas off the page: an OffscreenCanvas where there is one (in the worker there always is). */
function offPageCanvas(sizePx: number): Canvas {
  if (typeof OffscreenCanvas === 'function') return new OffscreenCanvas(sizePx, sizePx);
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = sizePx;
  return canvas;
}

/** The canvas's 2D context, the canvas first sized to `sizePx` square. */
function context(canvas: Canvas, sizePx: number): Context2D | null {
  if (canvas.width !== sizePx) {
    canvas.width = sizePx;
    canvas.height = sizePx;
  }
  return canvas.getContext('2d') as Context2D | null;
}
