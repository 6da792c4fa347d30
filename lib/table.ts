/**
 * The data behind a figure, as a table a screen reader can read. A figure's model returns one of
 * these for the reader's current inputs; the server renders the same table at default inputs as the
 * figure's still until the interactive part loads.
 */
export interface TableData {
  caption: string;
  columns: string[];
  rows: (string | number)[][];
}

/** Whether two tables have the same caption, columns and cells (a figure recomputes its table on every render). */
export function sameTable(a: TableData, b: TableData): boolean {
  if (a === b) return true;
  if (a.caption !== b.caption || a.columns.length !== b.columns.length || a.rows.length !== b.rows.length) return false;
  if (a.columns.some((column, i) => column !== b.columns[i])) return false;
  return a.rows.every((row, r) => {
    const other = b.rows[r];
    return row.length === other.length && row.every((cell, c) => Object.is(cell, other[c]));
  });
}
