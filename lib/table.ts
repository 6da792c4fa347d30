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
