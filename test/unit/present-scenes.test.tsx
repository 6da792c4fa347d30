import { createElement as h, Fragment } from 'react';
import { describe, expect, it } from 'vitest';
import { buildScenes, sceneSteps, textOf } from '@/components/present/scenes';

const Dialogue = (() => null) as never;
const Line = (() => null) as never;
const Figure = (() => null) as never;
const Notes = (() => null) as never;
const components = { Dialogue, Line, Figure, Notes };

/** What a compiled chapter's MDX returns: a fragment of top-level elements, with newlines between. */
function chapter() {
  return h(
    Fragment,
    null,
    h('p', { key: 1 }, 'Intro prose.'),
    '\n',
    h(Dialogue, { key: 2 }, h(Line, { who: 'learner' }, 'Why?'), '\n', h(Line, { who: 'guide' }, 'Because.')),
    h('h2', { key: 3 }, 'One ', h('em', null, 'connection')),
    h('p', { key: 4 }, 'After the dialogue.'),
    h(Figure, { key: 5, name: 'gateway-and-guilds/fanout', caption: 'C', alt: 'A', chapter: 'gateway-and-guilds', occurrence: '0' }),
    h(Notes, { key: 6 }, 'Ask the room first.'),
    h('p', { key: 7 }, 'About the figure.'),
    h(Figure, { key: 8, name: 'gateway-and-guilds/fanout', caption: 'C2', alt: 'A2', chapter: 'gateway-and-guilds', occurrence: '1' }),
  ).props.children;
}

describe('a chapter as presentation scenes', () => {
  it('makes a title scene, then one scene per dialogue and per figure, in the chapter’s order', () => {
    const scenes = buildScenes(chapter(), components);
    expect(scenes.map((s) => s.kind)).toEqual(['title', 'dialogue', 'figure', 'figure']);
  });

  it('shows a dialogue one line per step, and knows who speaks each', () => {
    const [, dialogue] = buildScenes(chapter(), components);
    expect(dialogue.kind === 'dialogue' && dialogue.speakers).toEqual(['learner', 'guide']);
    expect(sceneSteps(dialogue as never)).toBe(2);
  });

  it('names each figure instance by chapter, figure and occurrence', () => {
    const scenes = buildScenes(chapter(), components);
    const figures = scenes.flatMap((s) => (s.kind === 'figure' ? [s.figure.instance] : []));
    expect(figures).toEqual([
      { chapter: 'gateway-and-guilds', figure: 'gateway-and-guilds/fanout', occurrence: 0 },
      { chapter: 'gateway-and-guilds', figure: 'gateway-and-guilds/fanout', occurrence: 1 },
    ]);
  });

  it('turns the prose and <Notes> after a scene into its speaker notes, and headings into section names', () => {
    const [title, dialogue, figure] = buildScenes(chapter(), components);
    expect(title.notes.prose.map(textOf)).toEqual(['Intro prose.']);
    expect(dialogue.notes.prose.map(textOf)).toEqual(['One connection', 'After the dialogue.']);
    expect(figure.section).toBe('One connection');
    expect(figure.notes.written.map(textOf)).toEqual(['Ask the room first.']);
    expect(figure.notes.prose.map(textOf)).toEqual(['About the figure.']);
  });
});
