'use client';
import { useEffect, useLayoutEffect, useRef } from 'react';
import { useCanvasSize } from './useCanvasSize';
import { drawRoomPackets, drawRoomStatic, readColors, type RoomColors, type RoomRendererProps } from './scene';
import styles from './Figure.module.css';

/**
 * The room on canvases, for hundreds to a thousand people: the connections and people on one, drawn once per
 * scene, and the packets on a second laid over it in its own compositing layer, redrawn each frame. (Copying a
 * pre-drawn layer into a single canvas each frame, as this did before, was most of a frame's work with the CPU
 * slowed 4x: ~40 ms of drawImage a frame in a profile of a 1,000-person room.)
 */
export function CanvasRoom({ scene, flow }: RoomRendererProps) {
  const staticRef = useRef<HTMLCanvasElement>(null);
  const packetsRef = useRef<HTMLCanvasElement>(null);
  const colorsRef = useRef<{ theme: number; colors: RoomColors } | null>(null);
  const { sizeCss, sizePx, themeVersion } = useCanvasSize(staticRef);
  /** The theme's colours, read again when the theme has changed. */
  const colorsFor = (element: Element) => {
    if (colorsRef.current?.theme !== themeVersion) colorsRef.current = { theme: themeVersion, colors: readColors(element) };
    return colorsRef.current.colors;
  };

  // Connections and people: once per scene, size or theme.
  useEffect(() => {
    const canvas = staticRef.current;
    if (!canvas || sizeCss === 0) return;
    if (canvas.width !== sizePx) {
      canvas.width = sizePx;
      canvas.height = sizePx;
    }
    const ctx = canvas.getContext('2d');
    if (ctx) drawRoomStatic(ctx, scene, sizePx, colorsFor(canvas));
    // colorsFor reads the theme by themeVersion, a dependency.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scene, sizePx, sizeCss, themeVersion]);

  // Packets: every frame, before it is painted.
  useLayoutEffect(() => {
    const canvas = packetsRef.current;
    if (!canvas || sizeCss === 0) return;
    if (canvas.width !== sizePx) {
      canvas.width = sizePx;
      canvas.height = sizePx;
    }
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.clearRect(0, 0, sizePx, sizePx);
    drawRoomPackets(ctx, scene, flow, sizePx, colorsFor(canvas));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scene, flow, sizePx, sizeCss, themeVersion]);

  return (
    <div className={styles.layers} data-renderer="canvas">
      <canvas ref={staticRef} className={styles.room} aria-hidden="true" />
      <canvas ref={packetsRef} className={styles.packetLayer} aria-hidden="true" data-layer="packets" />
    </div>
  );
}
