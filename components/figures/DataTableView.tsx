import type { TableData } from '@/lib/table';
import { TableScroll } from './TableScroll';

/**
 * A figure's numbers as a real table, under a disclosure so sighted readers can open it and screen readers can
 * read it. The markup only: the server renders it as a figure's still; live figures use DataTable, which
 * renders this from a deferred copy of the data.
 */
export function DataTableView({ data, open = false }: { data: TableData; open?: boolean }) {
  return (
    <details className="figure-data" open={open}>
      <summary>Data table</summary>
      <TableScroll label={data.caption}>
        <table>
          <caption>{data.caption}</caption>
          <thead>
            <tr>
              {data.columns.map((column) => (
                <th key={column} scope="col">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.rows.map((row, r) => (
              <tr key={r}>
                {row.map((cell, c) =>
                  c === 0 ? (
                    <th key={c} scope="row">
                      {cell}
                    </th>
                  ) : (
                    <td key={c}>{typeof cell === 'number' ? cell.toLocaleString('en-US') : cell}</td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </details>
  );
}
