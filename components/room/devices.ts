import type { JoinRole } from '@/lib/protocol/room';

/**
 * Opening the reader's camera and microphone, and opening them again for a rejoin: the same devices
 * where they are still there, and whatever still works where they are not.
 */

export type PublishRole = Exclude<JoinRole, 'viewer'>;

export function deviceConstraints(role: PublishRole): MediaStreamConstraints {
  return role === 'camera' ? { audio: true, video: { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30 } } } : { audio: true };
}

export interface Reopened {
  stream: MediaStream | null;
  role: JoinRole;
  /** Set when the rejoin cannot use everything the reader had. */
  note: string | null;
}

/**
 * For a rejoin: keeps a stream whose tracks are all live; otherwise asks for the same devices again
 * (by deviceId), and if one is gone, joins with what is left (camera -> microphone only -> viewer).
 */
export async function reopenDevices(stream: MediaStream | null, role: JoinRole): Promise<Reopened> {
  if (role === 'viewer' || !stream) return { stream: null, role: 'viewer', note: null };
  if (stream.getTracks().every((t) => t.readyState === 'live')) return { stream, role, note: null };
  stream.getTracks().forEach((t) => t.stop());
  const sameDevice = (track: MediaStreamTrack | undefined) => (track ? { deviceId: { exact: track.getSettings().deviceId } } : false);
  const [audio] = stream.getAudioTracks();
  const [video] = stream.getVideoTracks();
  try {
    return { stream: await navigator.mediaDevices.getUserMedia({ audio: sameDevice(audio), video: role === 'camera' ? sameDevice(video) : false }), role, note: null };
  } catch {
    // Fall through: one of the devices is gone.
  }
  if (role === 'camera') {
    try {
      const micOnly = await navigator.mediaDevices.getUserMedia({ audio: sameDevice(audio) });
      return { stream: micOnly, role: 'mic', note: 'Your camera is no longer available, so you rejoined with your microphone only.' };
    } catch {
      // Fall through to watching.
    }
  }
  return { stream: null, role: 'viewer', note: 'Your devices are no longer available, so you rejoined to watch and listen.' };
}
