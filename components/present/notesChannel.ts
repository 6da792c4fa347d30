/**
 * The presentation and its speaker-notes window talk over a BroadcastChannel (same origin, no server):
 * the presentation says where it is, the notes window asks on load and can step the presentation.
 */
export const NOTES_CHANNEL = 'episode-present';

export type NotesMessage =
  | { type: 'position'; chapter: string; scene: number; step: number }
  | { type: 'hello' }
  | { type: 'command'; action: 'next' | 'previous' };

export function isNotesMessage(data: unknown): data is NotesMessage {
  if (typeof data !== 'object' || data === null) return false;
  const m = data as Record<string, unknown>;
  if (m.type === 'hello') return true;
  if (m.type === 'command') return m.action === 'next' || m.action === 'previous';
  return m.type === 'position' && typeof m.chapter === 'string' && Number.isInteger(m.scene) && Number.isInteger(m.step);
}
