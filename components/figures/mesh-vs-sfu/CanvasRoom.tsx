'use client';
import { useEffect, useRef, type RefObject } from 'react';
import type { StoreApi } from 'zustand/vanilla';
import type { Topology } from '@/lib/bandwidth';
import { useStore } from '@/components/figures/useFigureStore';
import { useCanvasSize } from './useCanvasSize';
import { readColors, VIEW_EXTENT } from './scene';
import { paintedRoom, type RoomInputs } from './inputs';
import { RoomPainter, type PaintedRoom, type PainterMessage } from './roomPainter';
import { ServerMark } from './ServerMark';
import styles from './Figure.module.css';

/** What the room view's frame loop calls at each tick. */
export type RoomTick = (dtMs: number) => void;
export const ignoreTick: RoomTick = () => {};

/**
 * The room on two canvases, at every size: connections and people on one, packets on a second laid over it
 * (up to SVG_MAX_PEOPLE drawn as the SVG room drew them, beyond as a crowd), the server's box between them in
 * SVG. Both canvases are handed to a worker (roomCanvas.worker.ts), which builds the room's picture and packet
 * flow and draws; the page posts it the inputs, the size, the theme's colours and the frame loop's ticks. The
 * room follows the store without rendering: a step of a drag posts one message (the SVG room rebuilt and set
 * five path strings of up to 1,770 connections, and its raster took 30 ms a frame of the compositor's threads;
 * docs/performance.md). Where a canvas cannot be handed over (no OffscreenCanvas, or the worker fails) the
 * same RoomPainter draws on the page.
 */
export function CanvasRoom({ store, tickRef }: { store: StoreApi<RoomInputs>; tickRef: RefObject<RoomTick> }) {
  const layersRef = useRef<HTMLDivElement>(null);
  useRoomPainter(layersRef, store, tickRef);
  const topology = useStore(store, (s) => s.topology);
  return (
    <div ref={layersRef} className={styles.layers} data-renderer="canvas">
      <ServerBox topology={topology} />
    </div>
  );
}

const VIEW_BOX = `${-VIEW_EXTENT} ${-VIEW_EXTENT} ${2 * VIEW_EXTENT} ${2 * VIEW_EXTENT}`;

/** The SFU's or MCU's box in the middle, over the connections and under the packets; nothing for a mesh. */
function ServerBox({ topology }: { topology: Topology }) {
  return (
    <svg className={styles.serverLayer} viewBox={VIEW_BOX} aria-hidden="true">
      <ServerMark topology={topology} />
    </svg>
  );
}

const sameRoom = (a: PaintedRoom, b: PaintedRoom) => a.topology === b.topology && a.people === b.people && a.talkers === b.talkers && a.senders === b.senders;

/**
 * Puts a room painter's canvases in `layers` (the connections and people's first, the packets' last) and keeps
 * it fed: the store's room (posted from the store's own subscription, so a step renders nothing here), the size
 * of `layers`' content box in device pixels, the theme's colours and, through `tickRef`, the frame loop's ticks.
 * The painter draws in a worker where the canvases can be handed over.
 */
export function useRoomPainter(layersRef: RefObject<HTMLElement | null>, store: StoreApi<RoomInputs>, tickRef: RefObject<RoomTick>): void {
  const postRef = useRef<((message: PainterMessage) => void) | null>(null);
  const { sizeCss, sizePx, cssPx, themeVersion } = useCanvasSize(layersRef);

  // The canvases are made here, not rendered: a canvas can be handed over once, and an effect may run twice.
  useEffect(() => {
    const painter = startPainter(layersRef.current!);
    postRef.current = painter.post;
    tickRef.current = (dtMs) => painter.post({ type: 'step', dtMs });
    return () => {
      tickRef.current = ignoreTick;
      postRef.current = null;
      painter.stop();
    };
  }, [layersRef, tickRef]);
  useEffect(() => {
    let posted: PaintedRoom | null = null;
    const post = (inputs: RoomInputs) => {
      const room = paintedRoom(inputs);
      if (posted && sameRoom(posted, room)) return;
      posted = room;
      postRef.current?.({ type: 'room', room });
    };
    post(store.getState());
    return store.subscribe(post);
  }, [store]);
  useEffect(() => {
    if (sizeCss > 0) postRef.current?.({ type: 'size', sizePx, cssPx });
  }, [sizeCss, sizePx, cssPx]);
  useEffect(() => {
    // Canvas cannot use var(): the theme's colours, read again when the theme changes.
    if (layersRef.current) postRef.current?.({ type: 'colors', colors: readColors(layersRef.current) });
  }, [layersRef, themeVersion]);
}

/** The painter's canvases, added to `layers`: the still one under everything, the packets' over everything. */
function addCanvases(layers: HTMLElement): [HTMLCanvasElement, HTMLCanvasElement] {
  const make = (className: string) => {
    const canvas = document.createElement('canvas');
    canvas.className = className;
    canvas.setAttribute('aria-hidden', 'true');
    return canvas;
  };
  const staticCanvas = make(styles.stillLayer);
  const packetCanvas = make(styles.packetLayer);
  packetCanvas.dataset.layer = 'packets';
  layers.prepend(staticCanvas);
  layers.append(packetCanvas);
  return [staticCanvas, packetCanvas];
}

/**
 * Two new canvases in `layers` and their painter: in a worker where the canvases can be handed over, else on the
 * page. `post` sends the painter a message; the latest room, size and colours are kept, so a worker that fails
 * (blocked, or its script missing) is replaced by a painter on the page, on fresh canvases, that draws the same.
 */
function startPainter(layers: HTMLElement): { post: (message: PainterMessage) => void; stop: () => void } {
  const latest = new Map<PainterMessage['type'], PainterMessage>();
  let canvases = addCanvases(layers);
  let worker: Worker | null = null;
  let local: RoomPainter | null = null;
  const onPage = () => {
    worker?.terminate();
    worker = null;
    for (const canvas of canvases) canvas.remove();
    canvases = addCanvases(layers);
    local = new RoomPainter(canvases[0], canvases[1], (draw) => queueMicrotask(draw));
    for (const message of latest.values()) local.receive(message);
  };
  if (typeof canvases[1].transferControlToOffscreen === 'function' && typeof Worker === 'function') {
    try {
      worker = new Worker(new URL('./roomCanvas.worker.ts', import.meta.url), { type: 'module' });
      const staticCanvas = canvases[0].transferControlToOffscreen();
      const packetCanvas = canvases[1].transferControlToOffscreen();
      worker.postMessage({ type: 'start', staticCanvas, packetCanvas }, [staticCanvas, packetCanvas]);
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
      for (const canvas of canvases) canvas.remove();
    },
  };
}
