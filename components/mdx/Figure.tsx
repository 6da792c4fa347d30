import type { ReactNode } from 'react';
import { getFigure } from '@/components/figures/registry';
import { DataTableView } from '@/components/figures/DataTableView';
import { figureInstanceKey, figureInstanceOf } from '@/lib/figures/instanceData';
import { LazyFigure } from './LazyFigure';

export interface FigureProps {
  /** The figure's registry key, "<chapter-slug>/<figure>". */
  name: string;
  /** Plain text: it also labels the figure in /present's speaker notes. Put model numbers in the alt text. */
  caption: string;
  /** What the figure shows, in words, for readers who cannot see it (a fragment when it quotes <Value>s). */
  alt: ReactNode;
  /** Set by tooling/remark-figure-instances.mjs: the chapter it stands in and its occurrence there. */
  chapter?: string;
  occurrence?: string | number;
}

/**
 * A live figure. The server renders its caption, its text alternative and its data table at default
 * inputs; the interactive part loads only when the reader scrolls near it, and replaces the still.
 */
export function Figure({ name, caption, alt, chapter, occurrence }: FigureProps) {
  const entry = getFigure(name);
  const instance = figureInstanceOf({ name, chapter, occurrence });
  const id = `figure-${name.replace(/[^a-z0-9]+/gi, '-')}${instance.occurrence > 0 ? `-${instance.occurrence + 1}` : ''}`;
  return (
    <figure className="figure" id={id} aria-labelledby={`${id}-caption`} data-figure={name} data-figure-instance={figureInstanceKey(instance)}>
      <p className="visually-hidden" id={`${id}-alt`}>
        {alt}
      </p>
      <LazyFigure name={name} instance={instance} describedBy={`${id}-alt`}>
        <div className="figure-still" data-still>
          <p className="figure-still-note">
            {alt} <span className="figure-loading">The live figure loads when you scroll here with JavaScript on.</span>
          </p>
          <DataTableView data={entry.still()} />
        </div>
      </LazyFigure>
      <figcaption id={`${id}-caption`}>{caption}</figcaption>
    </figure>
  );
}
