'use client';
import { memo, useDeferredValue } from 'react';
import { sameTable, type TableData } from '@/lib/table';
import { DataTableView } from './DataTableView';

/** Re-renders the table only when its contents change, not whenever a figure hands it a fresh copy. */
const Table = memo(DataTableView, (a, b) => a.open === b.open && sameTable(a.data, b.data));

/**
 * A live figure's data table: always the figure's current inputs, but rendered from a deferred copy
 * (React's useDeferredValue). While the reader drags a slider, each frame renders the drawing and the
 * controls at once and leaves the table (hundreds of cells in some figures) to a background render that
 * React drops when the next frame's input arrives; the table catches up as soon as the reader pauses.
 */
export function DataTable({ data, open = false }: { data: TableData; open?: boolean }) {
  const shown = useDeferredValue(data);
  return <Table data={shown} open={open} />;
}
