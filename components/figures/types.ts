import type { ComponentType } from 'react';
import type { TableData } from '@/lib/table';

/**
 * What the server knows of one figure: the still shown until its interactive part loads. Kept apart
 * from the loaders (loaders.ts) on purpose: a server module that so much as mentions `import('./X')`
 * of a client figure makes Next preload that figure's chunks on every page that renders a Figure.
 */
export interface FigureEntry {
  /** The model's data at default inputs, rendered on the server as the figure's still. */
  still: () => TableData;
}

/** A chapter's figures, keyed `<chapter-slug>/<figure>` (registry.ts, server side). */
export type FigureRegistry = Record<string, FigureEntry>;

/** Loads one interactive figure; called in the browser only when the figure scrolls near the viewport. */
export type FigureLoader = () => Promise<{ default: ComponentType }>;

/** A chapter's figure loaders, keyed like its registry (loaders.ts, browser side). */
export type FigureLoaders = Record<string, FigureLoader>;
