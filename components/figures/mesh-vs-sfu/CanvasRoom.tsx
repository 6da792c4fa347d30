'use client';
import { useEffect, useRef } from 'react';
import { useCanvasSize } from './useCanvasSize';
import { drawRoomPackets, drawRoomStatic, readColors, type RoomColors, type RoomRendererProps } from './scene';
import styles from './Figure.module.css';

/**
 * The room on a canvas, for hundreds to a thousand people. The connections and people are drawn once
 * per scene into an offscreen layer; each frame copies that layer and draws the packets on top.
 */
export function CanvasRoom({ scene, flow }: RoomRendererProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const staticRef = useRef<HTMLCanvasElement | null>(null);
  const colorsRef = useRef<RoomColors | null>(null);
  const { sizeCss, sizePx, themeVersion } = useCanvasSize(canvasRef);

  // Static layer: once per scene, size or theme.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || sizeCss === 0) return;
    const layer = staticRef.current ?? document.createElement('canvas');
    staticRef.current = layer;
    layer.width = sizePx;
    layer.height = sizePx;
    const ctx = layer.getContext('2d');
    colorsRef.current = readColors(canvas);
    if (ctx) drawRoomStatic(ctx, scene, sizePx, colorsRef.current);
  }, [scene, sizePx, sizeCss, themeVersion]);

  // Moving layer: every frame.
  useEffect(() => {
    const canvas = canvasRef.current;
    const layer = staticRef.current;
    const colors = colorsRef.current;
    if (!canvas || !layer || !colors || sizeCss === 0) return;
    if (canvas.width !== sizePx) {
      canvas.width = sizePx;
      canvas.height = sizePx;
    }
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.clearRect(0, 0, sizePx, sizePx);
    ctx.drawImage(layer, 0, 0);
    drawRoomPackets(ctx, scene, flow, sizePx, colors);
  }, [scene, flow, sizePx, sizeCss, themeVersion]);

  return <canvas ref={canvasRef} className={styles.room} aria-hidden="true" data-renderer="canvas" />;
}
