'use client';
import { useEffect, useRef } from 'react';
import { useCanvasSize } from './useCanvasSize';
import { PacketLayer } from './SvgRoom';
import { drawRoomStatic, readColors, type RoomColors, type RoomRendererProps } from './scene';
import styles from './Figure.module.css';

/**
 * The room on a canvas, for hundreds to a thousand people: the connections and people drawn once per scene,
 * and the packets (SvgRoom's PacketLayer, as squares) laid over it in their own compositing layer, redrawn each
 * frame. (Copying a pre-drawn layer into a single canvas each frame, as this did before, was most of a frame's
 * work with the CPU slowed 4x: ~40 ms of drawImage a frame in a profile of a 1,000-person room.)
 */
export function CanvasRoom({ scene, flow }: RoomRendererProps) {
  const staticRef = useRef<HTMLCanvasElement>(null);
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

  return (
    <div className={styles.layers} data-renderer="canvas">
      <canvas ref={staticRef} className={styles.room} aria-hidden="true" />
      <PacketLayer scene={scene} flow={flow} dot="square" />
    </div>
  );
}
