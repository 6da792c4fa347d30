import type { ReactNode } from 'react';
import { DialogueLine } from './DialogueLine';
import { characters, type Speaker } from './characters';

/** A scene: a few lines between the learner and the guide. */
export function Dialogue({ children }: { children: ReactNode }) {
  return <div className="dialogue">{children}</div>;
}

/** One line of dialogue. `who` is "learner" (Milo) or "guide" (Ada). */
export function Line({ who, children }: { /** Who speaks: "learner" (Milo) or "guide" (Ada). */ who: Speaker; children: ReactNode }) {
  const character = characters[who];
  if (!character) throw new Error(`<Line who="${String(who)}">: who is "learner" or "guide"`);
  return (
    <DialogueLine who={who} name={character.name}>
      {children}
    </DialogueLine>
  );
}
