/**
 * Reads the 16-bit PCM WAV files this project commits (the noise-suppression clip), for the unit test
 * and for any tool that has no Web Audio decodeAudioData. Mono, or the first channel of several.
 */
export interface PcmClip {
  sampleRateHz: number;
  /** Samples of the first channel, in [-1, 1). */
  samples: Float32Array;
}

export function decodePcm16Wav(bytes: Uint8Array): PcmClip {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (offset: number) => String.fromCharCode(...bytes.subarray(offset, offset + 4));
  if (tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new Error('not a RIFF/WAVE file');
  let offset = 12;
  let channels = 0;
  let sampleRateHz = 0;
  let bitsPerSample = 0;
  while (offset + 8 <= bytes.byteLength) {
    const id = tag(offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ') {
      const format = view.getUint16(body, true);
      channels = view.getUint16(body + 2, true);
      sampleRateHz = view.getUint32(body + 4, true);
      bitsPerSample = view.getUint16(body + 14, true);
      // 1 = PCM; 0xfffe = WAVE_FORMAT_EXTENSIBLE, which sox writes for some outputs.
      if ((format !== 1 && format !== 0xfffe) || bitsPerSample !== 16) {
        throw new Error(`only 16-bit PCM WAV is supported (format ${format}, ${bitsPerSample} bits)`);
      }
    } else if (id === 'data') {
      if (channels === 0) throw new Error('WAV data chunk before fmt chunk');
      const frameCount = Math.floor(Math.min(size, bytes.byteLength - body) / (2 * channels));
      const samples = new Float32Array(frameCount);
      for (let i = 0; i < frameCount; i++) samples[i] = view.getInt16(body + i * 2 * channels, true) / 32_768;
      return { sampleRateHz, samples };
    }
    offset = body + size + (size % 2);
  }
  throw new Error('WAV file has no data chunk');
}
