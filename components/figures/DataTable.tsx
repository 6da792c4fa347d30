'use client';
import { memo, useDeferredValue } from 'react';
import { sameTable, type TableData } from '@/lib/table';
import { useSettled } from '@/components/hooks/useSettled';
import { DataTableView } from './DataTableView';

/** Re-renders the table only when its contents change, not whenever a figure hands it a fresh copy. */
const Table = memo(DataTableView, (a, b) => a.open === b.open && sameTable(a.data, b.data));

/**
 * A figure's data table: always the figure's current inputs, but rendered once they settle (useSettled: once
 * the reader has stopped dragging for a moment, or at least every second while something keeps changing). A
 * drag renders the drawing and the control each frame and the table (hundreds of cells in some figures) once,
 * when the reader lets go. `live`: a table of live measurements (the room's panel), rendered as each update
 * arrives, from a deferred copy (React's useDeferredValue), between frames.
 */
export function DataTable({ data, open = false, live = false }: { data: TableData; open?: boolean; live?: boolean }) {
  const settled = useSettled(data, sameTable);
  const deferred = useDeferredValue(data);
  return <Table data={live ? deferred : settled} open={open} />;
}
