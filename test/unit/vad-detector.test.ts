import { describe, expect, it } from 'vitest';
import { createRng, normal } from '../../lib/random';
import {
  DEFAULT_VAD_PARAMS,
  SILENCE_DBFS,
  collectFrames,
  detectVoice,
  frameEnergiesDbfs,
  frameEnergyDbfs,
  initialVadState,
  samplesPerFrame,
  stepVad,
  talkspurts,
} from '../../lib/vad/detector';

const RATE_HZ = 16_000;
const FRAME = samplesPerFrame(RATE_HZ); // 320 samples = 20 ms

/** Amplitude of a sine whose mean square is `dbfs`. */
function sineAmplitude(dbfs: number): number {
  return Math.sqrt(2 * 10 ** (dbfs / 10));
}

/** `seconds` of a 200 Hz sine: exactly 4 periods per 20 ms frame, so every frame has the same energy. */
function sine(seconds: number, dbfs: number): number[] {
  const amplitude = sineAmplitude(dbfs);
  return Array.from({ length: Math.round(seconds * RATE_HZ) }, (_, i) => amplitude * Math.sin((2 * Math.PI * 200 * i) / RATE_HZ));
}

/** Seeded white noise with mean square `dbfs`. */
function noise(seconds: number, dbfs: number, seed: number): number[] {
  const rng = createRng(seed);
  const sd = Math.sqrt(10 ** (dbfs / 10));
  return Array.from({ length: Math.round(seconds * RATE_HZ) }, () => normal(rng, 0, sd));
}

function mix(a: number[], b: number[]): number[] {
  return a.map((x, i) => x + (b[i] ?? 0));
}

/**
 * A speech-like signal: a 140 Hz voice with five harmonics (each 6 dB below the last), cut into syllables
 * of 200 ms whose loudness rises and falls as a half sine, with 80 ms of nothing between syllables.
 */
const SYLLABLE_MS = 200;
const BETWEEN_SYLLABLES_MS = 80;
function speechLike(syllables: number, peakDbfs: number): number[] {
  const amplitude = sineAmplitude(peakDbfs);
  const syllableSamples = (SYLLABLE_MS * RATE_HZ) / 1000;
  const periodSamples = ((SYLLABLE_MS + BETWEEN_SYLLABLES_MS) * RATE_HZ) / 1000;
  return Array.from({ length: syllables * periodSamples }, (_, i) => {
    const inSyllable = i % periodSamples;
    if (inSyllable >= syllableSamples) return 0;
    const t = i / RATE_HZ;
    let voice = 0;
    for (let h = 1; h <= 5; h++) voice += Math.sin(2 * Math.PI * 140 * h * t) / 2 ** (h - 1);
    return (amplitude / 2) * Math.sin((Math.PI * inSyllable) / syllableSamples) * voice;
  });
}

const voiceOf = (samples: number[], params = DEFAULT_VAD_PARAMS) =>
  detectVoice(frameEnergiesDbfs(samples, RATE_HZ), params).map((f) => f.voice);

describe('frame energy', () => {
  it('cuts 16 kHz audio into 20 ms frames of 320 samples and 48 kHz audio into frames of 960', () => {
    expect(samplesPerFrame(16_000)).toBe(320);
    expect(samplesPerFrame(48_000)).toBe(960);
  });

  it('measures a full-scale sine at -3.01 dBFS and digital silence at the -100 dBFS floor', () => {
    expect(frameEnergyDbfs(sine(0.02, 10 * Math.log10(0.5)))).toBeCloseTo(-3.0103, 4);
    expect(frameEnergyDbfs(new Array(FRAME).fill(0))).toBe(SILENCE_DBFS);
  });

  it('leaves out a partial last frame', () => {
    expect(frameEnergiesDbfs(new Array(FRAME * 3 + 100).fill(0.1), RATE_HZ)).toHaveLength(3);
  });
});

describe('voice-activity detector on generated audio', () => {
  it('marks none of two seconds of digital silence', () => {
    expect(voiceOf(new Array(2 * RATE_HZ).fill(0)).filter(Boolean)).toHaveLength(0);
  });

  it('marks none of five seconds of steady room noise at -50 dBFS', () => {
    expect(voiceOf(noise(5, -50, 7)).filter(Boolean)).toHaveLength(0);
  });

  it('marks a tone over noise from its second frame (onset) to ten frames after it ends (200 ms hangover)', () => {
    const room = noise(3, -55, 11);
    const signal = [...new Array(RATE_HZ).fill(0), ...sine(1, -20), ...new Array(RATE_HZ).fill(0)];
    const voice = voiceOf(mix(room, signal));
    // The tone fills frames 50..99. Frame 50 is loud but alone; 51 starts the talkspurt; 100..109 are hangover.
    expect(talkspurts(voice.map((v) => ({ voice: v })))).toEqual([[51, 109]]);
  });

  it('ignores a single 20 ms click', () => {
    const room = noise(1, -55, 3);
    const click = room.map((x, i) => (i >= 25 * FRAME && i < 26 * FRAME ? x + 0.5 : x));
    expect(voiceOf(click).filter(Boolean)).toHaveLength(0);
  });

  it('marks none of a speech-like signal quieter than -55 dBFS, however quiet the room', () => {
    expect(voiceOf(speechLike(7, -58)).filter(Boolean)).toHaveLength(0);
  });

  // Half a second of room, then seven syllables from frame 25: the last one sounds in frames 109..118.
  const phrase = () => mix(noise(3.5, -55, 5), [...new Array(RATE_HZ / 2).fill(0), ...speechLike(7, -15)]);

  it('keeps a seven-syllable phrase as one talkspurt: the hangover bridges the 80 ms between syllables', () => {
    const spurts = talkspurts(voiceOf(phrase()).map((v) => ({ voice: v })));
    // Frame 25 is loud but alone (onset); the talkspurt runs from 26 to 10 hangover frames after 118.
    expect(spurts).toEqual([[26, 128]]);
  });

  it('splits the same phrase into its seven syllables when the hangover is zero', () => {
    const voice = voiceOf(phrase(), { ...DEFAULT_VAD_PARAMS, hangoverFrames: 0 });
    expect(talkspurts(voice.map((v) => ({ voice: v })))).toHaveLength(7);
  });
});

describe('adaptive noise floor', () => {
  it('starts the floor at the first frame and lowers it halfway toward each quieter frame', () => {
    const first = stepVad(initialVadState(), -50);
    expect(first.frame.noiseFloorDbfs).toBe(-50);
    expect(first.state.noiseFloorDbfs).toBe(-50);
    expect(stepVad(first.state, -60).state.noiseFloorDbfs).toBe(-55);
  });

  it('raises the floor by at most 0.05 dB per frame, so speech barely moves it', () => {
    let state = initialVadState();
    for (const energy of [-60, -20, -20, -20, -20]) state = stepVad(state, energy).state;
    expect(state.noiseFloorDbfs).toBeCloseTo(-59.8, 10);
  });

  it('learns a fan that switches on 18 dB louder: loud for 174 frames (3.48 s), then voice ends after the hangover', () => {
    const energies = [...new Array(50).fill(-60), ...new Array(400).fill(-42.33)];
    const frames = detectVoice(energies);
    const loud = frames.filter((f) => f.loud).map((f) => f.index);
    expect(loud[0]).toBe(50);
    expect(loud).toHaveLength(174);
    expect(talkspurts(frames)).toEqual([[51, 50 + 174 - 1 + 10]]);
  });

  it('never lets the floor fall below -90 dBFS', () => {
    let state = initialVadState();
    for (let i = 0; i < 20; i++) state = stepVad(state, SILENCE_DBFS).state;
    expect(state.noiseFloorDbfs).toBe(-90);
  });
});

describe('collecting frames from audio blocks', () => {
  it('turns 128-sample blocks into whole 320-sample frames and carries the rest over', () => {
    let leftover: number[] = [];
    const sizes: number[] = [];
    for (let block = 0; block < 5; block++) {
      const result = collectFrames(leftover, new Array(128).fill(block), 320);
      sizes.push(result.frames.length);
      leftover = result.leftover;
    }
    // 5 x 128 = 640 samples: a frame after the third block and another after the fifth.
    expect(sizes).toEqual([0, 0, 1, 0, 1]);
    expect(leftover).toHaveLength(0);
  });
});
