import { Children, isValidElement, type ComponentType, type ReactElement, type ReactNode } from 'react';
import { figureInstanceOf, type FigureInstance } from '@/lib/figures/instance';

/**
 * A chapter as scenes for the presentation, read from the chapter's own MDX (no extra markup): its title,
 * then one scene per dialogue (its lines shown one step at a time) and one per figure. Headings name the
 * scenes after them; the prose, asides and <Notes> after a scene become that scene's speaker notes, since
 * on a projector the instructor says them rather than shows them.
 */

export interface SceneFigure {
  name: string;
  caption: string;
  /** Text, or a fragment quoting model values (<Value of="…" />). */
  alt: ReactNode;
  instance: FigureInstance;
  /** The chapter's own <Figure> element: its still is server-rendered, its live part loads when shown. */
  node: ReactNode;
}

export interface SceneNotes {
  /** Written for the presenter with <Notes>. */
  written: ReactNode[];
  /** The chapter's prose that follows the scene. */
  prose: ReactNode[];
}

export type Scene =
  | { kind: 'title'; section: null; notes: SceneNotes }
  | { kind: 'dialogue'; section: string | null; lines: ReactNode[]; speakers: string[]; notes: SceneNotes }
  | { kind: 'figure'; section: string | null; figure: SceneFigure; notes: SceneNotes };

/** The components MDX maps the chapter's tags to (passed in so the function can be tested without them). */
export interface SceneComponents {
  Dialogue: ComponentType<never>;
  Line: ComponentType<never>;
  Figure: ComponentType<never>;
  Notes: ComponentType<never>;
}

/** Steps a scene has: one per dialogue line, one otherwise. */
export function sceneSteps(scene: Pick<Scene, 'kind'> & { lines?: unknown[] }): number {
  return scene.kind === 'dialogue' ? Math.max(1, scene.lines?.length ?? 1) : 1;
}

/** The plain text of a node (a heading's words). */
export function textOf(node: ReactNode): string {
  if (typeof node === 'string' || typeof node === 'number') return String(node);
  if (Array.isArray(node)) return node.map(textOf).join('');
  if (isValidElement<{ children?: ReactNode }>(node)) return textOf(node.props.children);
  return '';
}

export function buildScenes(body: ReactNode, components: SceneComponents): Scene[] {
  const emptyNotes = (): SceneNotes => ({ written: [], prose: [] });
  const scenes: Scene[] = [{ kind: 'title', section: null, notes: emptyNotes() }];
  let section: string | null = null;
  const current = () => scenes[scenes.length - 1];

  for (const child of Children.toArray(body)) {
    if (!isValidElement(child)) {
      if (typeof child === 'string' && child.trim()) current().notes.prose.push(child);
      continue;
    }
    const element = child as ReactElement<Record<string, unknown>>;
    if (element.type === components.Dialogue) {
      const lines = Children.toArray(element.props.children as ReactNode).filter(
        (line): line is ReactElement<{ who: string }> => isValidElement(line) && line.type === components.Line,
      );
      scenes.push({ kind: 'dialogue', section, lines, speakers: lines.map((line) => line.props.who), notes: emptyNotes() });
    } else if (element.type === components.Figure) {
      const props = element.props as { name: string; caption: string; alt: ReactNode; chapter?: string; occurrence?: string };
      scenes.push({
        kind: 'figure',
        section,
        figure: { name: props.name, caption: props.caption, alt: props.alt, instance: figureInstanceOf(props), node: element },
        notes: emptyNotes(),
      });
    } else if (element.type === components.Notes) {
      current().notes.written.push(element.props.children as ReactNode);
    } else {
      if (element.type === 'h2') section = textOf(element);
      current().notes.prose.push(element);
    }
  }
  return scenes;
}
