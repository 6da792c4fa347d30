/**
 * Makes the media that demo-room bots loop: one VP8 clip per simulcast layer (IVF) and a few short
 * spoken lines in Opus (Ogg), plus manifest.json with each layer's size and each voice's per-frame
 * audio level. Everything is made here with Debian's ffmpeg and espeak-ng, so nothing is downloaded.
 *
 *   npx tsx media/bots/make-bot-media.ts
 *
 * The VP8 clips print their own layer name ("180p layer") so a reader can see which layer the SFU
 * forwards to them. Keyframes come every second (the GOP is one second), because an SFU can only
 * switch a receiver to another layer on a keyframe and a looped file cannot answer a PLI.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const OUT_DIR = new URL('.', import.meta.url).pathname;
const FONT_BOLD = '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf';
const FONT_MONO = '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf';

const CLIP_SECONDS = 4;
const FRAMES_PER_SECOND = 15;
/** Opus frames of 20 ms: 50 packets a second (RFC 6716's default frame size). */
const OPUS_FRAME_MS = 20;
const SAMPLE_RATE_HZ = 48_000;

/** The same three-rung shape as libwebrtc's ladder for a 720p source (180p/360p/720p), capped low
 * because a synthetic picture needs far fewer bits than a camera. */
const layers = [
  { rid: 'q', width: 320, height: 180, maxKbps: 150 },
  { rid: 'h', width: 640, height: 360, maxKbps: 400 },
  { rid: 'f', width: 1280, height: 720, maxKbps: 1200 },
] as const;

/** Lines the bots say, in turns. Written for this project. */
const voices = [
  { voice: 'en-us+m3', text: 'Hello from a bot. The server passes my packets along without opening them.' },
  { voice: 'en-gb+f3', text: 'I am talking now, so my speaking ring lights up. When I stop, my microphone sends nothing.' },
  { voice: 'en-us+m7', text: 'Shrink my tile and watch the server switch you to a smaller layer at the next keyframe.' },
];

function run(cmd: string, args: string[]): Buffer {
  return execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 });
}

function makeVideo(layer: (typeof layers)[number]): string {
  const file = `video-${layer.rid}.ivf`;
  const boxPx = Math.round(layer.height / 7);
  const filters = [
    `drawbox=x='mod(t*${layer.width / 2}\\,${layer.width - boxPx})':y=${Math.round(layer.height * 0.75)}:w=${boxPx}:h=${boxPx}:color=0x5865F2@1:t=fill`,
    `drawtext=fontfile=${FONT_BOLD}:text='${layer.height}p layer':fontcolor=white:fontsize=h/8:x=(w-tw)/2:y=h/4`,
    `drawtext=fontfile=${FONT_MONO}:text='${layer.width}x${layer.height}  frame %{n}':fontcolor=0xbbbbbb:fontsize=h/16:x=(w-tw)/2:y=h/2`,
  ].join(',');
  run('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', `color=c=0x2b2d42:s=${layer.width}x${layer.height}:r=${FRAMES_PER_SECOND}:d=${CLIP_SECONDS}`,
    '-vf', filters,
    '-c:v', 'libvpx', '-deadline', 'good', '-cpu-used', '4',
    '-b:v', `${layer.maxKbps}k`, '-maxrate', `${layer.maxKbps}k`, '-bufsize', `${layer.maxKbps}k`,
    '-g', String(FRAMES_PER_SECOND), '-keyint_min', String(FRAMES_PER_SECOND),
    // No alt-ref or lag: every frame in the file is a frame to show, in order, as a camera would send.
    '-auto-alt-ref', '0', '-lag-in-frames', '0', '-error-resilient', '1',
    join(OUT_DIR, file),
  ]);
  return file;
}

/** RFC 6464 level: 0 is 0 dBov (loudest), 127 is -127 dBov (silence). */
function frameLevelsMinusDbov(pcm: Buffer): number[] {
  const samplesPerFrame = (SAMPLE_RATE_HZ * OPUS_FRAME_MS) / 1000;
  const levels: number[] = [];
  for (let start = 0; start + samplesPerFrame * 2 <= pcm.length; start += samplesPerFrame * 2) {
    let sumSquares = 0;
    for (let i = 0; i < samplesPerFrame; i++) {
      const s = pcm.readInt16LE(start + i * 2) / 32768;
      sumSquares += s * s;
    }
    const rms = Math.sqrt(sumSquares / samplesPerFrame);
    const dbov = rms > 0 ? 20 * Math.log10(rms) : -127;
    levels.push(Math.min(127, Math.max(0, Math.round(-dbov))));
  }
  return levels;
}

function makeVoice(index: number, tmp: string): { file: string; levelsMinusDbov: number[] } {
  const { voice, text } = voices[index];
  const wav = join(tmp, `voice-${index}.wav`);
  run('espeak-ng', ['-v', voice, '-s', '165', '-w', wav, text]);
  const file = `voice-${index + 1}.ogg`;
  // Mono Opus at 48 kHz in 20 ms frames; 32 kbps is plenty for synthetic speech.
  run('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-y', '-i', wav,
    '-ar', String(SAMPLE_RATE_HZ), '-ac', '1',
    '-c:a', 'libopus', '-application', 'voip', '-b:a', '32k', '-frame_duration', String(OPUS_FRAME_MS),
    join(OUT_DIR, file),
  ]);
  const pcm = run('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-i', join(OUT_DIR, file), '-f', 's16le', '-ac', '1', '-ar', String(SAMPLE_RATE_HZ), '-',
  ]);
  return { file, levelsMinusDbov: frameLevelsMinusDbov(pcm) };
}

const tmp = mkdtempSync(join(tmpdir(), 'bot-media-'));
try {
  const manifest = {
    generatedBy: 'media/bots/make-bot-media.ts',
    framesPerSecond: FRAMES_PER_SECOND,
    opusFrameMs: OPUS_FRAME_MS,
    layers: layers.map((layer) => ({ rid: layer.rid, width: layer.width, height: layer.height, file: makeVideo(layer) })),
    voices: voices.map((_, i) => makeVoice(i, tmp)),
  };
  writeFileSync(join(OUT_DIR, 'manifest.json'), JSON.stringify(manifest) + '\n');
  for (const f of [...manifest.layers.map((l) => l.file), ...manifest.voices.map((v) => v.file), 'manifest.json']) {
    console.log(`${f}\t${statSync(join(OUT_DIR, f)).size} bytes`);
  }
  // A quick self-check that the levels line up with the file.
  JSON.parse(readFileSync(join(OUT_DIR, 'manifest.json'), 'utf8'));
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
