import type { ComponentType } from 'react';
import type { TableData } from '@/lib/table';
import type { InputSpec } from '@/lib/figures/inputSpec';

/**
 * What the server knows of one figure: the still shown until its interactive part loads. Kept apart
 * from the loaders (loaders.ts) on purpose: a server module that so much as mentions `import('./X')`
 * of a client figure makes Next preload that figure's chunks on every page that renders a Figure.
 */
export interface FigureEntry {
  /** The model's data at default inputs, rendered on the server as the figure's still. */
  still: () => TableData;
  /**
   * What the reader can set, declared once (lib/figures/inputSpec.ts): /catalog lists it, and a shared link
   * or an embed (`?people=20`) may set exactly these, each within its range, step or options. A figure
   * without it (a live feed, a fixed table) has nothing to share but its place on the page.
   */
  inputs?: InputSpec;
}

/** A chapter's figures, keyed `<chapter-slug>/<figure>` (registry.ts, server side). */
export type FigureRegistry = Record<string, FigureEntry>;

/** Loads one interactive figure; called in the browser only when the figure scrolls near the viewport. */
export type FigureLoader = () => Promise<{ default: ComponentType }>;

/** A chapter's figure loaders, keyed like its registry (loaders.ts, browser side). */
export type FigureLoaders = Record<string, FigureLoader>;
