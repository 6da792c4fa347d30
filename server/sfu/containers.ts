/**
 * Readers for the two files the bots loop: IVF (VP8 frames, as ffmpeg writes them) and Ogg (Opus
 * packets, RFC 7845). Both are tiny formats; reading them here avoids a dependency.
 */

export interface IvfClip {
  width: number;
  height: number;
  /** Frames per second from the header's timebase (den / num). */
  framesPerSecond: number;
  frames: Buffer[];
}

export function readIvf(file: Buffer): IvfClip {
  if (file.length < 32 || file.toString('ascii', 0, 4) !== 'DKIF') throw new Error('not an IVF file');
  const headerBytes = file.readUInt16LE(6);
  const width = file.readUInt16LE(12);
  const height = file.readUInt16LE(14);
  const rate = file.readUInt32LE(16);
  const scale = file.readUInt32LE(20) || 1;
  const frames: Buffer[] = [];
  let offset = headerBytes;
  while (offset + 12 <= file.length) {
    const size = file.readUInt32LE(offset);
    const start = offset + 12;
    if (start + size > file.length) break;
    frames.push(file.subarray(start, start + size));
    offset = start + size;
  }
  return { width, height, framesPerSecond: rate / scale, frames };
}

/** The Opus packets of an Ogg Opus file, without the OpusHead and OpusTags header packets. */
export function readOggOpus(file: Buffer): Buffer[] {
  const packets: Buffer[] = [];
  let pending: Buffer[] = [];
  let offset = 0;
  while (offset + 27 <= file.length) {
    if (file.toString('ascii', offset, offset + 4) !== 'OggS') throw new Error(`bad Ogg page at byte ${offset}`);
    const segments = file[offset + 26];
    const table = file.subarray(offset + 27, offset + 27 + segments);
    let body = offset + 27 + segments;
    for (const lacing of table) {
      pending.push(file.subarray(body, body + lacing));
      body += lacing;
      // A lacing value below 255 ends a packet; 255 means it continues in the next segment.
      if (lacing < 255) {
        packets.push(Buffer.concat(pending));
        pending = [];
      }
    }
    offset = body;
  }
  return packets.filter((p) => !(p.toString('ascii', 0, 8) === 'OpusHead' || p.toString('ascii', 0, 8) === 'OpusTags'));
}
