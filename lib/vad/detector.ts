/**
 * A voice-activity detector (VAD) for 20 ms frames of PCM audio.
 *
 * What it is, exactly: an energy detector with an adaptive noise floor, an onset rule and a hangover.
 * 1. Each frame's energy is its mean square, in dBFS (0 dBFS = a full-scale square wave; a full-scale
 *    sine is about -3 dBFS; digital silence is clamped to SILENCE_DBFS).
 * 2. The noise floor follows the quiet frames: it falls quickly toward a frame quieter than itself and
 *    climbs slowly (at most `floorRiseDbPerFrame`) toward a louder one, so a steady fan is learned
 *    within seconds while a few seconds of speech barely move it. It starts at the first frame's energy.
 * 3. A frame is loud when it is `thresholdDb` above the floor (as it stood before this frame) and above
 *    `minVoiceDbfs`.
 * 4. A talkspurt starts after `onsetFrames` loud frames in a row (one click is not speech) and lasts
 *    until `hangoverFrames` frames after the last loud one (word endings and the gaps between words stay in).
 *
 * It is not a speech classifier: a loud steady hum that starts suddenly is "voice" until the floor
 * catches up with it. Real clients use richer features (WebRTC's VAD uses sub-band energies and a
 * Gaussian mixture model); the chapter says so.
 *
 * The model is a step function: `stepVad(state, energyDbfs, params)` returns the next state and the
 * frame's decision, with no clock inside, so the chapter's clip and the reader's microphone go through
 * the same code one frame at a time.
 */

export const VAD_FRAME_MS = 20;

/** The energy given to a frame of exact zeros (log of zero is minus infinity). */
export const SILENCE_DBFS = -100;

export interface VadParams {
  /** A frame is loud when its energy is at least this many dB above the noise floor. */
  thresholdDb: number;
  /** Frames quieter than this are never loud, however low the floor has gone (a muted or silent mic). */
  minVoiceDbfs: number;
  /** Loud frames in a row needed to start a talkspurt. */
  onsetFrames: number;
  /** Frames kept as voice after the last loud frame. */
  hangoverFrames: number;
  /** The most the floor climbs per frame toward a louder frame, in dB. */
  floorRiseDbPerFrame: number;
  /** The share of the gap the floor closes per frame toward a quieter frame (0 to 1). */
  floorFallFraction: number;
  /** The floor never goes below this. */
  floorMinDbfs: number;
}

/** What the clip figure's sliders offer: the threshold in dB above the floor, and the hangover in ms (whole frames). */
export const VAD_TUNING_BOUNDS = Object.freeze({
  thresholdDb: { min: 3, max: 24, step: 1 },
  hangoverMs: { min: 0, max: 600, step: VAD_FRAME_MS },
});

export const DEFAULT_VAD_PARAMS: Readonly<VadParams> = Object.freeze({
  thresholdDb: 9,
  minVoiceDbfs: -55,
  onsetFrames: 2,
  // 10 frames of 20 ms: 200 ms of hangover.
  hangoverFrames: 10,
  // 0.05 dB per 20 ms frame: 2.5 dB per second.
  floorRiseDbPerFrame: 0.05,
  floorFallFraction: 0.5,
  floorMinDbfs: -90,
});

export interface VadState {
  /** Null until the first frame has been seen. */
  noiseFloorDbfs: number | null;
  /** Loud frames in a row, ending with the last frame. */
  loudRun: number;
  /** Hangover frames still to give before the talkspurt ends. */
  hangoverLeft: number;
  /** Whether the last frame was voice. */
  voice: boolean;
  /** Frames seen so far. */
  frames: number;
}

export interface VadFrame {
  /** 0 for the first frame. */
  index: number;
  energyDbfs: number;
  /** The floor this frame was judged against. */
  noiseFloorDbfs: number;
  /** Loud enough on its own. */
  loud: boolean;
  /** Marked as voice (loud and past onset, or in hangover). */
  voice: boolean;
}

export function initialVadState(): VadState {
  return { noiseFloorDbfs: null, loudRun: 0, hangoverLeft: 0, voice: false, frames: 0 };
}

/** One frame through the detector: the next state and this frame's decision. */
export function stepVad(
  state: VadState,
  energyDbfs: number,
  params: Readonly<VadParams> = DEFAULT_VAD_PARAMS,
): { state: VadState; frame: VadFrame } {
  const floor = Math.max(params.floorMinDbfs, state.noiseFloorDbfs ?? energyDbfs);
  const loud = energyDbfs >= floor + params.thresholdDb && energyDbfs >= params.minVoiceDbfs;
  const loudRun = loud ? state.loudRun + 1 : 0;

  let voice: boolean;
  let hangoverLeft: number;
  if (loud && (state.voice || loudRun >= params.onsetFrames)) {
    voice = true;
    hangoverLeft = params.hangoverFrames;
  } else if (state.voice && state.hangoverLeft > 0) {
    voice = true;
    hangoverLeft = state.hangoverLeft - 1;
  } else {
    voice = false;
    hangoverLeft = 0;
  }

  const nextFloor =
    energyDbfs < floor
      ? floor + (energyDbfs - floor) * params.floorFallFraction
      : floor + Math.min(params.floorRiseDbPerFrame, energyDbfs - floor);

  return {
    state: {
      noiseFloorDbfs: Math.max(params.floorMinDbfs, nextFloor),
      loudRun,
      hangoverLeft,
      voice,
      frames: state.frames + 1,
    },
    frame: { index: state.frames, energyDbfs, noiseFloorDbfs: floor, loud, voice },
  };
}

/** Runs the detector over a whole recording's frame energies. */
export function detectVoice(energiesDbfs: readonly number[], params: Readonly<VadParams> = DEFAULT_VAD_PARAMS): VadFrame[] {
  let state = initialVadState();
  return energiesDbfs.map((energy) => {
    const result = stepVad(state, energy, params);
    state = result.state;
    return result.frame;
  });
}

/** Mean-square energy of `length` samples from `start`, in dBFS (samples in -1..1). */
export function frameEnergyDbfs(samples: ArrayLike<number>, start = 0, length = samples.length - start): number {
  if (length <= 0) return SILENCE_DBFS;
  let sumOfSquares = 0;
  for (let i = start; i < start + length; i++) sumOfSquares += samples[i] * samples[i];
  const meanSquare = sumOfSquares / length;
  if (meanSquare <= 0) return SILENCE_DBFS;
  return Math.max(SILENCE_DBFS, 10 * Math.log10(meanSquare));
}

/** 320 samples at 16 kHz, 960 at 48 kHz. */
export function samplesPerFrame(sampleRateHz: number, frameMs = VAD_FRAME_MS): number {
  return Math.round((sampleRateHz * frameMs) / 1000);
}

/** The energy of each whole 20 ms frame of a recording; a partial last frame is left out. */
export function frameEnergiesDbfs(samples: ArrayLike<number>, sampleRateHz: number, frameMs = VAD_FRAME_MS): number[] {
  const size = samplesPerFrame(sampleRateHz, frameMs);
  const count = Math.floor(samples.length / size);
  return Array.from({ length: count }, (_, f) => frameEnergyDbfs(samples, f * size, size));
}

/** The largest absolute sample of each whole frame, for drawing a waveform at frame resolution. */
export function framePeaks(samples: ArrayLike<number>, sampleRateHz: number, frameMs = VAD_FRAME_MS): number[] {
  const size = samplesPerFrame(sampleRateHz, frameMs);
  const count = Math.floor(samples.length / size);
  return Array.from({ length: count }, (_, f) => {
    let peak = 0;
    for (let i = f * size; i < (f + 1) * size; i++) peak = Math.max(peak, Math.abs(samples[i]));
    return peak;
  });
}

/** Contiguous runs of voice frames, as [firstFrame, lastFrame] pairs (inclusive). */
export function talkspurts(frames: readonly Pick<VadFrame, 'voice'>[]): [number, number][] {
  const spurts: [number, number][] = [];
  let start = -1;
  frames.forEach((frame, i) => {
    if (frame.voice && start < 0) start = i;
    if (!frame.voice && start >= 0) {
      spurts.push([start, i - 1]);
      start = -1;
    }
  });
  if (start >= 0) spurts.push([start, frames.length - 1]);
  return spurts;
}

/**
 * Gathers samples arriving in blocks of any size (an AudioWorklet delivers 128 at a time) into whole
 * frames. Pure: returns the finished frames and the leftover to pass back in with the next block.
 */
export function collectFrames(
  leftover: readonly number[],
  block: ArrayLike<number>,
  frameSize: number,
): { frames: number[][]; leftover: number[] } {
  const pending = [...leftover, ...Array.from(block)];
  const frames: number[][] = [];
  let offset = 0;
  while (pending.length - offset >= frameSize) {
    frames.push(pending.slice(offset, offset + frameSize));
    offset += frameSize;
  }
  return { frames, leftover: pending.slice(offset) };
}
