import type { ComponentType } from 'react';
import type { TableData } from '@/lib/table';

/** One interactive figure: its lazily loaded client part and the still shown until it loads. */
export interface FigureEntry {
  /** Loads the interactive figure; called only when the figure scrolls near the viewport. */
  load: () => Promise<{ default: ComponentType }>;
  /** The model's data at default inputs, rendered on the server as the figure's still. */
  still: () => TableData;
}

/** A chapter's figures, keyed `<chapter-slug>/<figure>`. */
export type FigureRegistry = Record<string, FigureEntry>;
