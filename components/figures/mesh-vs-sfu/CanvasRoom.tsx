'use client';
import { useEffect, useRef, type RefObject } from 'react';
import { useCanvasSize } from './useCanvasSize';
import { readColors } from './scene';
import { RoomPainter, type PaintedRoom, type PainterMessage } from './roomPainter';
import styles from './Figure.module.css';

/** What the room view's frame loop calls at each tick. */
export type RoomTick = (dtMs: number) => void;
export const ignoreTick: RoomTick = () => {};

/**
 * The room on canvases, for hundreds to a thousand people: connections and people on one, packets on a second
 * laid over it. Both are handed to a worker (roomCanvas.worker.ts), which builds the room's picture and packet
 * flow and draws; the page posts it the inputs, the size, the theme's colours and the frame loop's ticks. With
 * the CPU slowed 4x a people drag at 1,000 people cost 80-85 ms of main-thread time a frame with all of that on
 * the page (two canvases' commits alone 30-35 ms); docs/performance.md. Where a canvas cannot be handed over
 * (no OffscreenCanvas, or the worker fails) the same RoomPainter draws on the page.
 */
export function CanvasRoom({ room, tickRef }: { room: PaintedRoom; tickRef: RefObject<RoomTick> }) {
  const layersRef = useRef<HTMLDivElement>(null);
  useRoomPainter(layersRef, layersRef, room, tickRef, { still: true });
  return <div ref={layersRef} className={styles.layers} data-renderer="canvas" />;
}

/**
 * Puts a room painter's canvases in `layers` (the connections and people's, with `still`, and the packets' over
 * them) and keeps it fed: the room, the size of `sized`'s content box in device pixels, the theme's colours and,
 * through `tickRef`, the frame loop's ticks. The painter draws in a worker where the canvases can be handed over.
 */
export function useRoomPainter(
  layersRef: RefObject<HTMLElement | null>,
  sizedRef: RefObject<Element | null>,
  room: PaintedRoom,
  tickRef: RefObject<RoomTick>,
  { still }: { still: boolean },
): void {
  const postRef = useRef<((message: PainterMessage) => void) | null>(null);
  const { sizeCss, sizePx, themeVersion } = useCanvasSize(sizedRef);
  const { topology, people, talkers, senders } = room;

  // The canvases are made here, not rendered: a canvas can be handed over once, and an effect may run twice.
  useEffect(() => {
    const painter = startPainter(layersRef.current!, still);
    postRef.current = painter.post;
    tickRef.current = (dtMs) => painter.post({ type: 'step', dtMs });
    return () => {
      tickRef.current = ignoreTick;
      postRef.current = null;
      painter.stop();
    };
  }, [layersRef, tickRef, still]);
  useEffect(() => {
    postRef.current?.({ type: 'room', room: { topology, people, talkers, senders } });
  }, [topology, people, talkers, senders]);
  useEffect(() => {
    if (sizeCss > 0) postRef.current?.({ type: 'size', sizePx });
  }, [sizeCss, sizePx]);
  useEffect(() => {
    // Canvas cannot use var(): the theme's colours, read again when the theme changes.
    if (layersRef.current) postRef.current?.({ type: 'colors', colors: readColors(layersRef.current) });
  }, [layersRef, themeVersion]);
}

/** The painter's canvases, added to `layers`: the still one (with `still`) and the packets' laid over it. */
function addCanvases(layers: HTMLElement, still: boolean): [HTMLCanvasElement | null, HTMLCanvasElement] {
  const make = (className: string) => {
    const canvas = document.createElement('canvas');
    canvas.className = className;
    canvas.setAttribute('aria-hidden', 'true');
    return canvas;
  };
  const staticCanvas = still ? make(styles.room) : null;
  const packetCanvas = make(styles.packetLayer);
  packetCanvas.dataset.layer = 'packets';
  if (staticCanvas) layers.append(staticCanvas);
  layers.append(packetCanvas);
  return [staticCanvas, packetCanvas];
}

/**
 * Two new canvases in `layers` and their painter: in a worker where the canvases can be handed over, else on the
 * page. `post` sends the painter a message; the latest room, size and colours are kept, so a worker that fails
 * (blocked, or its script missing) is replaced by a painter on the page, on fresh canvases, that draws the same.
 */
function startPainter(layers: HTMLElement, still: boolean): { post: (message: PainterMessage) => void; stop: () => void } {
  const latest = new Map<PainterMessage['type'], PainterMessage>();
  let canvases = addCanvases(layers, still);
  let worker: Worker | null = null;
  let local: RoomPainter | null = null;
  const onPage = () => {
    worker?.terminate();
    worker = null;
    for (const canvas of canvases) canvas?.remove();
    canvases = addCanvases(layers, still);
    local = new RoomPainter(canvases[0], canvases[1], (draw) => queueMicrotask(draw));
    for (const message of latest.values()) local.receive(message);
  };
  if (typeof canvases[1].transferControlToOffscreen === 'function' && typeof Worker === 'function') {
    try {
      worker = new Worker(new URL('./roomCanvas.worker.ts', import.meta.url), { type: 'module' });
      const staticCanvas = canvases[0]?.transferControlToOffscreen() ?? null;
      const packetCanvas = canvases[1].transferControlToOffscreen();
      worker.postMessage({ type: 'start', staticCanvas, packetCanvas }, staticCanvas ? [staticCanvas, packetCanvas] : [packetCanvas]);
      worker.onerror = onPage;
    } catch {
      onPage();
    }
  } else onPage();
  return {
    post: (message) => {
      if (message.type !== 'step') latest.set(message.type, message);
      if (worker) worker.postMessage(message);
      else local?.receive(message);
    },
    stop: () => {
      worker?.terminate();
      worker = null;
      local = null;
      for (const canvas of canvases) canvas?.remove();
    },
  };
}
