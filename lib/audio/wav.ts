/**
 * Reads a RIFF/WAVE file of 16-bit PCM into mono samples in -1..1 (channels averaged). One reader for
 * every committed clip (UDP vs TCP, voice activity, noise suppression) and for tests on
 * generated audio. Other encodings are refused with a clear error rather than misread.
 */
export interface PcmAudio {
  sampleRateHz: number;
  /** Channels in the file; `samples` is their average. */
  channels: number;
  samples: Float32Array;
}

function ascii(view: DataView, offset: number, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += String.fromCharCode(view.getUint8(offset + i));
  return text;
}

export function parseWav(bytes: Uint8Array): PcmAudio {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 12 || ascii(view, 0, 4) !== 'RIFF' || ascii(view, 8, 4) !== 'WAVE') {
    throw new Error('Not a RIFF/WAVE file');
  }
  let format: { audioFormat: number; channels: number; sampleRateHz: number; bitsPerSample: number } | null = null;
  let offset = 12;
  while (offset + 8 <= bytes.byteLength) {
    const id = ascii(view, offset, 4);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ') {
      format = {
        audioFormat: view.getUint16(body, true),
        channels: view.getUint16(body + 2, true),
        sampleRateHz: view.getUint32(body + 4, true),
        bitsPerSample: view.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      if (!format) throw new Error('WAVE data chunk before its fmt chunk');
      // 0xfffe is WAVE_FORMAT_EXTENSIBLE, which sox writes for some files; its samples are still PCM here.
      if ((format.audioFormat !== 1 && format.audioFormat !== 0xfffe) || format.bitsPerSample !== 16) {
        throw new Error(`Only 16-bit PCM WAVE is supported (format ${format.audioFormat}, ${format.bitsPerSample} bits)`);
      }
      const length = Math.min(size, bytes.byteLength - body);
      const frameCount = Math.floor(length / (2 * format.channels));
      const samples = new Float32Array(frameCount);
      for (let i = 0; i < frameCount; i++) {
        let sum = 0;
        for (let c = 0; c < format.channels; c++) sum += view.getInt16(body + 2 * (i * format.channels + c), true);
        samples[i] = sum / format.channels / 32768;
      }
      return { sampleRateHz: format.sampleRateHz, channels: format.channels, samples };
    }
    // Chunks are padded to an even length.
    offset = body + size + (size % 2);
  }
  throw new Error('WAVE file has no data chunk');
}

/** Writes mono samples (-1..1) as a 16-bit PCM WAVE file; tests use it to build inputs for parseWav. */
export function encodeWav(samples: ArrayLike<number>, sampleRateHz: number): Uint8Array {
  const dataBytes = samples.length * 2;
  const bytes = new Uint8Array(44 + dataBytes);
  const view = new DataView(bytes.buffer);
  const text = (offset: number, value: string) => {
    for (let i = 0; i < value.length; i++) view.setUint8(offset + i, value.charCodeAt(i));
  };
  text(0, 'RIFF');
  view.setUint32(4, 36 + dataBytes, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, sampleRateHz, true);
  view.setUint32(28, sampleRateHz * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  text(36, 'data');
  view.setUint32(40, dataBytes, true);
  for (let i = 0; i < samples.length; i++) {
    view.setInt16(44 + 2 * i, Math.max(-32768, Math.min(32767, Math.round(samples[i] * 32768))), true);
  }
  return bytes;
}
