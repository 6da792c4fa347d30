import { MAX_INPUT_KEYS, figureInstanceKey, type FigureInputs, type FigureInstance } from '../figures/instance';

/**
 * What a class session is showing, as the instructor's browser set it: where the presentation is and the
 * inputs of each figure the instructor touched. Followers' browsers and the server's guild process keep
 * this with the same reducer, so a follower that joins late, resumes or snaps back gets exactly the
 * instructor's view, and computes every figure from lib/ itself: only these inputs travel.
 */

/** A place in the presentation: a chapter, its scene (0 is the chapter's title) and the step within the scene. */
export interface SlidePosition {
  chapter: string;
  scene: number;
  step: number;
}

export interface FigureInputsEntry {
  instance: FigureInstance;
  inputs: FigureInputs;
}

export interface ClassState {
  position: SlidePosition | null;
  /** Keyed by figureInstanceKey(instance); the newest entries last. */
  inputs: Record<string, FigureInputsEntry>;
  /** A live room opened for the class (/room/<id>), if any. */
  roomId: string | null;
}

/** Figure instances a class remembers inputs for; the episode has about twenty figures. */
export const MAX_REMEMBERED_FIGURES = 64;

export type ClassEvent =
  | { t: 'POSITION'; d: SlidePosition }
  | { t: 'FIGURE_INPUTS'; d: FigureInputsEntry }
  | { t: 'CLASS_ROOM'; d: { roomId: string | null } };

export const emptyClassState: ClassState = { position: null, inputs: {}, roomId: null };

/** state' = apply(state, event). Figure inputs merge into what the instance had, so a partial update is enough. */
export function applyClassEvent(state: ClassState, event: ClassEvent): ClassState {
  switch (event.t) {
    case 'POSITION':
      return { ...state, position: { ...event.d } };
    case 'CLASS_ROOM':
      return { ...state, roomId: event.d.roomId };
    case 'FIGURE_INPUTS': {
      const key = figureInstanceKey(event.d.instance);
      const union = { ...state.inputs[key]?.inputs, ...event.d.inputs };
      // A figure has a fixed set of inputs; a stream of new names is not one, so it replaces instead of growing.
      const inputs = Object.keys(union).length <= MAX_INPUT_KEYS ? union : { ...event.d.inputs };
      const merged = { instance: event.d.instance, inputs };
      const rest = Object.entries(state.inputs).filter(([k]) => k !== key);
      const kept = rest.length >= MAX_REMEMBERED_FIGURES ? rest.slice(rest.length - MAX_REMEMBERED_FIGURES + 1) : rest;
      return { ...state, inputs: Object.fromEntries([...kept, [key, merged]]) };
    }
  }
}

/** Inputs the class has for one figure instance, if the instructor touched it. */
export function classInputsFor(state: ClassState, instance: FigureInstance): FigureInputs | undefined {
  return state.inputs[figureInstanceKey(instance)]?.inputs;
}
