import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLIP } from '../../lib/vad/clipFrames';
import { detectVoice, frameEnergiesDbfs, framePeaks, talkspurts } from '../../lib/vad/detector';
import { comparePolicies } from '../../lib/vad/packets';
import { encodeWav, parseWav } from '@/lib/audio/wav';
import { clipPacketTable } from '../../lib/vad/tables';

const wav = parseWav(readFileSync('media/audio/voice-activity/clip.wav'));

describe('the chapter’s speech clip', () => {
  it('is 16 kHz mono PCM, 723 whole frames of 20 ms', () => {
    expect(wav.sampleRateHz).toBe(16_000);
    expect(wav.channels).toBe(1);
    expect(frameEnergiesDbfs(wav.samples, wav.sampleRateHz)).toHaveLength(723);
  });

  it('matches lib/vad/clipFrames.ts, which was generated from it (rerun scripts/audio/voice-activity.sh if not)', () => {
    const energies = frameEnergiesDbfs(wav.samples, wav.sampleRateHz).map((e) => Math.round(e * 10) / 10);
    const peaks = framePeaks(wav.samples, wav.sampleRateHz).map((p) => Math.round(p * 1000) / 1000);
    expect(CLIP.energyDbfs).toEqual(energies);
    expect(CLIP.peak).toEqual(peaks);
  });

  const frames = detectVoice([...CLIP.energyDbfs]);

  it('hears the 1.4 s and 2.2 s pauses as silence', () => {
    const silentBetween = (fromS: number, toS: number) =>
      frames.slice(fromS * 50, toS * 50).every((frame) => !frame.voice);
    expect(silentBetween(3, 4)).toBe(true);
    expect(silentBetween(6.5, 8.3)).toBe(true);
  });

  it('marks 416 of 723 frames as voice, in 7 talkspurts', () => {
    expect(frames.filter((f) => f.voice)).toHaveLength(416);
    expect(talkspurts(frames)).toHaveLength(7);
  });

  it('sends 723 packets continuously, 416 with VAD gating and 437 with DTX', () => {
    expect(comparePolicies(frames.map((f) => f.voice)).map((s) => s.packets)).toEqual([723, 416, 437]);
  });
});

describe('WAV reading', () => {
  it('reads back 16-bit PCM it wrote, to within one quantization step', () => {
    const samples = [0, 0.5, -0.5, 0.999, -1];
    const read = parseWav(encodeWav(samples, 48_000));
    expect(read.sampleRateHz).toBe(48_000);
    read.samples.forEach((s, i) => expect(Math.abs(s - samples[i])).toBeLessThanOrEqual(1 / 32768));
  });

  it('refuses a file that is not RIFF/WAVE', () => {
    expect(() => parseWav(new TextEncoder().encode('ID3 this is an mp3'))).toThrow('Not a RIFF/WAVE file');
  });
});

describe('the clip figure’s table', () => {
  it('gives packets, packets per second, average kbps and saving for each policy at default settings', () => {
    expect(clipPacketTable().rows).toEqual([
      ['Continuous', 723, 50, '80 kbps', '0 %'],
      ['VAD gating', 416, 28.8, '46 kbps', '42 %'],
      ['Opus DTX', 437, 30.2, '48.4 kbps', '40 %'],
    ]);
  });
});
