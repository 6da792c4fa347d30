'use client';
/**
 * Canvas drawing for the denoiser figure: a scrolling spectrogram and a strip of RNNoise's voice
 * probabilities. Canvas, not SVG, because a spectrogram is thousands of cells redrawn every frame.
 */
import { interpolateInferno } from 'd3';
import { levelFromDb, logFrequencyRows, type SpectrogramAxis } from '@/lib/noise/spectrogram';

/** 256 colours from silence (black) to loud (pale yellow), as packed RGBA for ImageData. */
const INFERNO_RGBA: Uint32Array = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    const hex = interpolateInferno(i / 255); // "#rrggbb"
    const [r, g, b] = [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16));
    table[i] = (255 << 24) | (b << 16) | (g << 8) | r; // little-endian RGBA
  }
  return table;
})();

/** Pixels a new spectrogram column is wide. */
const COLUMN_PX = 2;

/**
 * Scrolls the spectrogram one column left and paints the analyser's current spectrum on the right.
 * The canvas is `axis.rows` pixels tall: one row per log-frequency band, lowest at the bottom.
 */
export function pushSpectrogramColumn(
  canvas: HTMLCanvasElement,
  analyser: AnalyserNode,
  sampleRateHz: number,
  axis: SpectrogramAxis,
  bins: Float32Array<ArrayBuffer>,
) {
  const context = canvas.getContext('2d');
  if (!context) return;
  const { width, height } = canvas;
  analyser.getFloatFrequencyData(bins);
  const rows = logFrequencyRows(bins, sampleRateHz, axis);
  context.drawImage(canvas, -COLUMN_PX, 0);
  const column = context.createImageData(COLUMN_PX, height);
  const pixels = new Uint32Array(column.data.buffer);
  for (let y = 0; y < height; y++) {
    const row = Math.min(axis.rows - 1, Math.floor(((height - 1 - y) / height) * axis.rows));
    const colour = INFERNO_RGBA[Math.round(levelFromDb(rows[row]) * 255)];
    for (let x = 0; x < COLUMN_PX; x++) pixels[y * COLUMN_PX + x] = colour;
  }
  context.putImageData(column, width - COLUMN_PX, 0);
}

/**
 * Paints a whole spectrogram picture (column-major levels 0..255, lowest row first) across the canvas, as
 * the figure shows the clip before anything plays. Columns are stretched to the canvas's width.
 */
export function drawSpectrogramImage(canvas: HTMLCanvasElement, levels: Uint8Array, columns: number, rows: number) {
  const context = canvas.getContext('2d');
  if (!context) return;
  const { width, height } = canvas;
  const image = context.createImageData(width, height);
  const pixels = new Uint32Array(image.data.buffer);
  for (let x = 0; x < width; x++) {
    const column = Math.min(columns - 1, Math.floor((x / width) * columns));
    for (let y = 0; y < height; y++) {
      const row = Math.min(rows - 1, Math.floor(((height - 1 - y) / height) * rows));
      pixels[y * width + x] = INFERNO_RGBA[levels[column * rows + row]];
    }
  }
  context.putImageData(image, 0, 0);
}

export function clearSpectrogram(canvas: HTMLCanvasElement) {
  const context = canvas.getContext('2d');
  if (!context) return;
  context.fillStyle = interpolateInferno(0);
  context.fillRect(0, 0, canvas.width, canvas.height);
}

/**
 * Draws the last `ring.length` voice probabilities as bars, newest on the right; bars above one half
 * in `voiceColour`, the rest in `quietColour`, with a faint line at one half.
 */
export function drawVoiceStrip(
  canvas: HTMLCanvasElement,
  ring: Float32Array,
  newestIndex: number,
  colours: { voice: string; quiet: string; grid: string },
) {
  const context = canvas.getContext('2d');
  if (!context) return;
  const { width, height } = canvas;
  context.clearRect(0, 0, width, height);
  context.fillStyle = colours.grid;
  context.fillRect(0, Math.round(height / 2), width, 1);
  const barWidth = width / ring.length;
  for (let i = 0; i < ring.length; i++) {
    const value = ring[(newestIndex + 1 + i) % ring.length];
    if (value <= 0) continue;
    context.fillStyle = value >= 0.5 ? colours.voice : colours.quiet;
    const barHeight = Math.max(1, value * height);
    context.fillRect(i * barWidth, height - barHeight, Math.max(1, barWidth - 0.5), barHeight);
  }
}
