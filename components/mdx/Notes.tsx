import type { ReactNode } from 'react';

/**
 * Speaker notes for the presentation (/present): shown in the speaker-notes window beside the scene
 * before them, never on the reading page. Optional: without them the notes are the chapter's own prose.
 *
 *   <Figure name="…" … />
 *   <Notes>Ask the class to guess the number before you move the slider.</Notes>
 */
export function Notes(_props: { children: ReactNode }) {
  return null;
}
