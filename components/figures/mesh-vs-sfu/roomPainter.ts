/**
 * The canvas room's drawing and its packet clock, for hundreds to a thousand people: the connections and
 * people on one canvas, redrawn when the room changes, and the packets on a second laid over it, redrawn at
 * each tick. It runs in a worker on canvases the page has handed over (roomCanvas.worker.ts), so neither the
 * room's model (layout, sampled connections, packet flow) nor the drawing nor the canvases' commits take the
 * page's main thread, which only posts the inputs and the ticks; where a canvas cannot be handed over it runs
 * on the page. Messages are applied as they come and the canvases drawn once per frame, for the newest state.
 */
import { stepFlow, type FlowParams, type FlowState, type Topology } from '@/lib/bandwidth';
import { createRng } from '@/lib/random';
import { drawRoomPackets, drawRoomStatic, FLOW_SEED, roomGeometry, warmFlow, type Context2D, type RoomColors, type RoomScene } from './scene';

/** What the page knows about the room: the inputs the picture follows. */
export interface PaintedRoom {
  topology: Topology;
  people: number;
  talkers: number;
  senders: number;
}

export type PainterMessage =
  | { type: 'room'; room: PaintedRoom }
  /** The canvases' side in device pixels. */
  | { type: 'size'; sizePx: number }
  | { type: 'colors'; colors: RoomColors }
  /** Advance the packets by one tick of the page's frame loop (it owns the clock: play, pause, step, reduced motion). */
  | { type: 'step'; dtMs: number };

type Canvas = HTMLCanvasElement | OffscreenCanvas;

export class RoomPainter {
  private room: PaintedRoom | null = null;
  private sizePx = 0;
  private colors: RoomColors | null = null;
  /** The scene for `room`; null when the room has changed since it was built. */
  private scene: RoomScene | null = null;
  private params: FlowParams | null = null;
  /** The flow for `params`; null when it has to be warmed again (a new room). */
  private flow: FlowState | null = null;
  /** The ticks' random numbers: one sequence for the painter's life, as the page's room had. */
  private readonly rng = createRng(FLOW_SEED);
  private staticDirty = false;
  private packetsDirty = false;
  private scheduled = false;

  constructor(
    /** The connections and people's canvas; null where they are drawn otherwise (the SVG room's packets alone). */
    private readonly staticCanvas: Canvas | null,
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
        if (message.sizePx === this.sizePx) return;
        this.sizePx = message.sizePx;
        this.staticDirty = this.packetsDirty = true;
        break;
      case 'colors':
        this.colors = message.colors;
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

  private draw(): void {
    const { room, params, colors, sizePx } = this;
    if (!room || !params || !colors || sizePx <= 0) return;
    const scene = this.currentScene(room);
    if (this.staticDirty) {
      this.staticDirty = false;
      const ctx = this.staticCanvas && context(this.staticCanvas, sizePx);
      if (ctx) drawRoomStatic(ctx, scene, sizePx, colors);
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

/** The canvas's 2D context, the canvas first sized to `sizePx` square. */
function context(canvas: Canvas, sizePx: number): Context2D | null {
  if (canvas.width !== sizePx) {
    canvas.width = sizePx;
    canvas.height = sizePx;
  }
  return canvas.getContext('2d') as Context2D | null;
}
