import type { ReactNode } from 'react';
import type { FigureInstance } from '@/lib/figures/instance';
import type { Scene } from './scenes';

/** What the projector shows of a scene (its notes go to the speaker-notes window instead). */
export interface DeckScene {
  kind: Scene['kind'];
  section: string | null;
  lines?: ReactNode[];
  speakers?: string[];
  figure?: { node: ReactNode; caption: string; instance: FigureInstance };
}

export interface DeckChapter {
  slug: string;
  title: string;
  summary: string;
  order: number;
}

export function toDeck(scenes: Scene[]): DeckScene[] {
  return scenes.map((scene) => {
    if (scene.kind === 'dialogue') return { kind: scene.kind, section: scene.section, lines: scene.lines, speakers: scene.speakers };
    if (scene.kind === 'figure') {
      return { kind: scene.kind, section: scene.section, figure: { node: scene.figure.node, caption: scene.figure.caption, instance: scene.figure.instance } };
    }
    return { kind: scene.kind, section: null };
  });
}

export interface Position {
  scene: number;
  step: number;
}

export function stepsOf(scene: DeckScene | undefined): number {
  return scene?.kind === 'dialogue' ? Math.max(1, scene.lines?.length ?? 1) : 1;
}

/** One step on: the next line, else the next scene; null past the chapter's end. */
export function nextPosition(scenes: DeckScene[], { scene, step }: Position): Position | null {
  if (step + 1 < stepsOf(scenes[scene])) return { scene, step: step + 1 };
  if (scene + 1 < scenes.length) return { scene: scene + 1, step: 0 };
  return null;
}

/** One step back: the previous line, else the previous scene with all its lines; null before the start. */
export function previousPosition(scenes: DeckScene[], { scene, step }: Position): Position | null {
  if (step > 0) return { scene, step: step - 1 };
  if (scene > 0) return { scene: scene - 1, step: stepsOf(scenes[scene - 1]) - 1 };
  return null;
}

/** Keeps a position inside the chapter (a bad hash or an instructor's move past a shorter chapter). */
export function clampPosition(scenes: DeckScene[], { scene, step }: Position): Position {
  const s = Math.min(Math.max(0, Math.floor(scene) || 0), scenes.length - 1);
  return { scene: s, step: Math.min(Math.max(0, Math.floor(step) || 0), stepsOf(scenes[s]) - 1) };
}

/** "#5" or "#5.2" (1-based, as people count) to a position; "#end" is the last step. */
export function parseHash(hash: string, scenes: DeckScene[]): Position {
  if (hash === '#end') {
    const last = scenes.length - 1;
    return { scene: last, step: stepsOf(scenes[last]) - 1 };
  }
  const match = /^#(\d{1,3})(?:\.(\d{1,2}))?$/.exec(hash);
  if (!match) return { scene: 0, step: 0 };
  return clampPosition(scenes, { scene: Number(match[1]) - 1, step: Number(match[2] ?? 1) - 1 });
}

export function formatHash({ scene, step }: Position): string {
  return step > 0 ? `#${scene + 1}.${step + 1}` : `#${scene + 1}`;
}
