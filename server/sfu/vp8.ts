/**
 * Just enough of VP8's RTP format (RFC 7741) to forward it without decoding: find where a frame
 * starts, tell a keyframe from a delta frame, read a keyframe's picture size, and cut a frame into
 * packets for the bots. An SFU never looks further into the picture than this.
 */

/** Offset of the VP8 payload header inside an RTP payload (after the payload descriptor), or -1. */
export function vp8PayloadHeaderOffset(payload: Uint8Array): number {
  if (payload.length < 1) return -1;
  const first = payload[0];
  let offset = 1;
  // X: extended control bits present (RFC 7741 section 4.2).
  if (first & 0x80) {
    if (payload.length < 2) return -1;
    const ext = payload[1];
    offset = 2;
    if (ext & 0x80) {
      // I: PictureID, 7 or 15 bits (M flag).
      if (payload.length <= offset) return -1;
      offset += payload[offset] & 0x80 ? 2 : 1;
    }
    if (ext & 0x40) offset += 1; // L: TL0PICIDX
    if (ext & 0x30) offset += 1; // T or K: TID/Y/KEYIDX
  }
  return offset <= payload.length ? offset : -1;
}

/** True for the first packet of a VP8 frame: S bit set and partition index 0. */
export function isVp8FrameStart(payload: Uint8Array): boolean {
  return payload.length > 0 && (payload[0] & 0x10) !== 0 && (payload[0] & 0x07) === 0;
}

/** True for the first packet of a VP8 keyframe (the payload header's P bit is 0: RFC 6386 section 9.1). */
export function isVp8KeyframeStart(payload: Uint8Array): boolean {
  if (!isVp8FrameStart(payload)) return false;
  const offset = vp8PayloadHeaderOffset(payload);
  return offset >= 0 && offset < payload.length && (payload[offset] & 0x01) === 0;
}

/** Width and height from the first packet of a keyframe (start code 9d 01 2a, then 14-bit sizes), or null. */
export function vp8KeyframeSize(payload: Uint8Array): { width: number; height: number } | null {
  if (!isVp8KeyframeStart(payload)) return null;
  const o = vp8PayloadHeaderOffset(payload);
  if (o < 0 || payload.length < o + 10) return null;
  if (payload[o + 3] !== 0x9d || payload[o + 4] !== 0x01 || payload[o + 5] !== 0x2a) return null;
  const width = (payload[o + 6] | (payload[o + 7] << 8)) & 0x3fff;
  const height = (payload[o + 8] | (payload[o + 9] << 8)) & 0x3fff;
  return { width, height };
}

/** Is this whole VP8 frame (as stored in IVF) a keyframe? */
export function isVp8KeyframeFrame(frame: Uint8Array): boolean {
  return frame.length > 0 && (frame[0] & 0x01) === 0;
}

/**
 * Cut one VP8 frame into RTP payloads of at most `maxPayloadBytes`, each with a 3-byte descriptor
 * carrying a 15-bit PictureID (RFC 7741 section 4.2), so a receiver can tell frames apart after loss.
 */
export function packetizeVp8(frame: Uint8Array, pictureId: number, maxPayloadBytes: number): Buffer[] {
  const descriptorBytes = 4;
  const chunk = maxPayloadBytes - descriptorBytes;
  if (chunk <= 0) throw new RangeError(`maxPayloadBytes must exceed ${descriptorBytes}`);
  const payloads: Buffer[] = [];
  const pid = pictureId & 0x7fff;
  for (let start = 0; start < frame.length; start += chunk) {
    const end = Math.min(frame.length, start + chunk);
    const out = Buffer.allocUnsafe(descriptorBytes + end - start);
    out[0] = 0x80 | (start === 0 ? 0x10 : 0); // X, S on the first packet, partition 0
    out[1] = 0x80; // I: PictureID present
    out[2] = 0x80 | (pid >> 8); // M: 15-bit PictureID
    out[3] = pid & 0xff;
    out.set(frame.subarray(start, end), descriptorBytes);
    payloads.push(out);
  }
  return payloads;
}
