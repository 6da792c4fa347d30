import { existsSync, mkdirSync, openSync, closeSync, writeSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A camera picture an encoder has to work for, for Chromium's `--use-file-for-fake-video-capture`.
 *
 * Chromium's own fake camera draws flat colours and a moving shape: a VP8 encoder codes that in a tenth to a
 * third of a 360p layer's 700 kbps ceiling, so a browser's measured video cannot agree with a model that
 * counts the ceiling. This writes a Y4M file (I420) of a detailed moving picture instead: a seeded random
 * texture panned a few pixels a frame, a few bright discs crossing it, and fresh seeded grain on every frame
 * as a camera sensor has, so no frame can be predicted from the last. Made at test time into the system's
 * temporary folder (tens of megabytes; never committed, never downloaded); the same arguments give the
 * same bytes, and a file already there is reused.
 */

export interface DetailedCameraOptions {
  width: number;
  height: number;
  framesPerSecond: number;
  /** Frames in the file; Chromium loops it. */
  frames: number;
  seed: number;
  /** Grain amplitude on luma, in code values (0-255 scale): the share of each frame no motion search can find. */
  grain: number;
}

/**
 * 360p, the mesh layer (and a two-layer simulcast ladder in the SFU room). 15 frames a second, half a camera's
 * usual 30: the encoder still fills its bitrate (each frame is twice the bits), and the six encoders of three
 * mesh pages fit a loaded machine better.
 */
export const DETAILED_CAMERA: DetailedCameraOptions = { width: 640, height: 360, framesPerSecond: 15, frames: 30, seed: 16, grain: 28 };

/** mulberry32: a small seeded generator, so the picture is the same on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The path of the Y4M file for these options, written first if it is not there yet. */
export function detailedCameraFile(options: DetailedCameraOptions = DETAILED_CAMERA): string {
  const { width, height, framesPerSecond, frames, seed, grain } = options;
  const dir = join(tmpdir(), 'voice-explorable-e2e');
  const path = join(dir, `detailed-${width}x${height}-${framesPerSecond}fps-${frames}f-seed${seed}-grain${grain}.y4m`);
  if (existsSync(path)) return path;
  mkdirSync(dir, { recursive: true });
  const rand = random(seed);
  // A texture twice the frame's size, so panning never runs out: blocks of detail at several scales.
  const tw = width * 2;
  const th = height * 2;
  const texture = new Uint8Array(tw * th);
  const coarse = Array.from({ length: Math.ceil(th / 16) * Math.ceil(tw / 16) }, () => rand() * 160);
  for (let y = 0; y < th; y += 1) {
    for (let x = 0; x < tw; x += 1) {
      const base = coarse[Math.floor(y / 16) * Math.ceil(tw / 16) + Math.floor(x / 16)];
      const stripes = 40 * Math.sin((x * 0.7 + y * 0.3) * (0.2 + ((Math.floor(x / 64) + Math.floor(y / 64)) % 4) * 0.15));
      texture[y * tw + x] = Math.max(16, Math.min(235, base + stripes + rand() * 60));
    }
  }
  const discs = Array.from({ length: 5 }, () => ({ x: rand() * width, y: rand() * height, vx: (rand() - 0.5) * 12, vy: (rand() - 0.5) * 8, r: 20 + rand() * 40, luma: 60 + rand() * 170 }));
  const lumaSize = width * height;
  const chromaWidth = width / 2;
  const chromaHeight = height / 2;
  const frame = new Uint8Array(lumaSize + 2 * chromaWidth * chromaHeight);
  const partial = `${path}.${process.pid}.part`;
  const fd = openSync(partial, 'w');
  try {
    writeSync(fd, `YUV4MPEG2 W${width} H${height} F${framesPerSecond}:1 Ip A1:1 C420jpeg\n`);
    for (let f = 0; f < frames; f += 1) {
      // Pan across the texture, a few pixels a frame, along a slow ellipse.
      const ox = Math.round((width / 2) * (1 + Math.sin((f / frames) * 2 * Math.PI)));
      const oy = Math.round((height / 2) * (1 + Math.cos((f / frames) * 2 * Math.PI)));
      for (let y = 0; y < height; y += 1) {
        const row = (y + oy) * tw + ox;
        for (let x = 0; x < width; x += 1) {
          const v = texture[row + x] + (rand() - 0.5) * 2 * grain;
          frame[y * width + x] = v < 16 ? 16 : v > 235 ? 235 : v;
        }
      }
      for (const d of discs) {
        const cx = (((d.x + d.vx * f) % width) + width) % width;
        const cy = (((d.y + d.vy * f) % height) + height) % height;
        for (let y = Math.max(0, Math.floor(cy - d.r)); y < Math.min(height, Math.ceil(cy + d.r)); y += 1) {
          for (let x = Math.max(0, Math.floor(cx - d.r)); x < Math.min(width, Math.ceil(cx + d.r)); x += 1) {
            if ((x - cx) ** 2 + (y - cy) ** 2 <= d.r ** 2) frame[y * width + x] = d.luma;
          }
        }
      }
      // Chroma: slow colour washes that drift with the pan, with grain of their own.
      for (let plane = 0; plane < 2; plane += 1) {
        const start = lumaSize + plane * chromaWidth * chromaHeight;
        for (let y = 0; y < chromaHeight; y += 1) {
          for (let x = 0; x < chromaWidth; x += 1) {
            const wash = 128 + 50 * Math.sin((x + ox / 2) / (23 + plane * 9)) * Math.cos((y + oy / 2) / (17 + plane * 7));
            frame[start + y * chromaWidth + x] = Math.max(16, Math.min(240, wash + (rand() - 0.5) * grain));
          }
        }
      }
      writeSync(fd, 'FRAME\n');
      writeSync(fd, frame);
    }
  } finally {
    closeSync(fd);
  }
  // Written under another name first, so a parallel worker never reads half a file.
  renameSync(partial, path);
  return path;
}
