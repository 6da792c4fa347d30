import type { ReactNode } from 'react';
import { getFigure } from '@/components/figures/registry';
import { DataTable } from '@/components/figures/DataTable';
import { LazyFigure } from './LazyFigure';

export interface FigureProps {
  /** The figure's registry key, "<chapter-slug>/<figure>". */
  name: string;
  /** Text, or a fragment when it quotes a model's number: caption={<>… <Value of="…" /> …</>}. */
  caption: ReactNode;
  /** What the figure shows, in words, for readers who cannot see it (a fragment when it quotes <Value>s). */
  alt: ReactNode;
}

/**
 * A live figure. The server renders its caption, its text alternative and its data table at default
 * inputs; the interactive part loads only when the reader scrolls near it, and replaces the still.
 */
export function Figure({ name, caption, alt }: FigureProps) {
  const entry = getFigure(name);
  const id = `figure-${name.replace(/[^a-z0-9]+/gi, '-')}`;
  return (
    <figure className="figure" id={id} aria-labelledby={`${id}-caption`} data-figure={name}>
      <p className="visually-hidden" id={`${id}-alt`}>
        {alt}
      </p>
      <LazyFigure name={name} describedBy={`${id}-alt`}>
        <div className="figure-still" data-still>
          <p className="figure-still-note">
            {alt} <span className="figure-loading">The live figure loads when you scroll here with JavaScript on.</span>
          </p>
          <DataTable data={entry.still()} />
        </div>
      </LazyFigure>
      <figcaption id={`${id}-caption`}>{caption}</figcaption>
    </figure>
  );
}
