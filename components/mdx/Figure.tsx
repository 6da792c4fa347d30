import type { ReactNode } from 'react';
import { getFigure } from '@/components/figures/registry';
import { DataTableView } from '@/components/figures/DataTableView';
import { figureInstanceKey, figureInstanceOf } from '@/lib/figures/instanceData';
import { figureElementId } from '@/lib/figures/address';
import { FigureLink } from '@/components/figures/FigureLink';
import { LazyFigure } from './LazyFigure';

export interface FigureProps {
  /** The figure's registry key, "<chapter-slug>/<figure>". */
  name: string;
  /** Plain text: it also labels the figure in /present's speaker notes. Put model numbers in the alt text. */
  caption: string;
  /** What the figure shows, in words, for readers who cannot see it (a fragment when it quotes <Value>s). */
  alt: ReactNode;
  /** @internal The chapter it stands in, set by tooling/remark-figure-instances.mjs. */
  chapter?: string;
  /** @internal Its occurrence in that chapter (0 for the first of its name), set by the same plugin. */
  occurrence?: string | number;
}

/**
 * A live figure. The server renders its caption, its text alternative and its data table at default
 * inputs; the interactive part loads only when the reader scrolls near it, and replaces the still. On a page
 * that keeps figures' inputs in the URL (FigureLink.tsx) it starts from the inputs the address holds and
 * offers a link to itself.
 */
export function Figure({ name, caption, alt, chapter, occurrence }: FigureProps) {
  const entry = getFigure(name);
  const instance = figureInstanceOf({ name, chapter, occurrence });
  const id = figureElementId(name, instance.occurrence);
  return (
    <figure className="figure" id={id} aria-labelledby={`${id}-caption`} data-figure={name} data-figure-instance={figureInstanceKey(instance)}>
      <p className="visually-hidden" id={`${id}-alt`}>
        {alt}
      </p>
      <LazyFigure name={name} instance={instance} spec={entry.inputs ?? null} describedBy={`${id}-alt`}>
        <div className="figure-still" data-still>
          <p className="figure-still-note">
            {alt} <span className="figure-loading">The live figure loads when you scroll here with JavaScript on.</span>
          </p>
          <DataTableView data={entry.still()} />
        </div>
      </LazyFigure>
      <figcaption id={`${id}-caption`}>{caption}</figcaption>
      <FigureLink instance={instance} spec={entry.inputs ?? null} elementId={id} />
    </figure>
  );
}
