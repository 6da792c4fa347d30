'use client';
import { seedCorrections, seedCorrectionsTable, SEED_CORRECTION_COLUMNS, whoLabel } from '@/lib/bandwidth';
import { formatKbps } from '@/lib/units';
import { DataTable } from '@/components/figures/DataTable';
import { TableScroll } from '@/components/figures/TableScroll';
import styles from './Figure.module.css';

/** The case study's peer-to-peer numbers, wrong ones struck through beside the model's. */
export default function CorrectionsFigure() {
  const rows = seedCorrections();
  return (
    <div className={styles.figure}>
      <TableScroll label="The case study's scenarios, corrected">
        <table className={styles.corrections}>
          <thead>
            <tr>
              {SEED_CORRECTION_COLUMNS.map((column) => (
                <th key={column} scope="col">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => {
              const first = i === 0 || rows[i - 1].scenario.id !== row.scenario.id;
              const span = rows.filter((r) => r.scenario.id === row.scenario.id).length;
              return (
                <tr key={`${row.scenario.id}-${row.who}-${row.direction}`} data-correct={row.correct} data-verdict={row.verdict}>
                  {first && (
                    <th scope="rowgroup" rowSpan={span}>
                      {row.scenario.title}
                    </th>
                  )}
                  <td>{whoLabel(row.who, row.direction)}</td>
                  <td>
                    {row.verdict === 'right' ? (
                      <span className={styles.right}>
                        {formatKbps(row.claimedKbps)} <span aria-label="right">✓</span>
                      </span>
                    ) : row.verdict === 'close' ? (
                      <span className={styles.right}>
                        {formatKbps(row.claimedKbps)} <span aria-label="close enough">≈</span>
                      </span>
                    ) : (
                      <>
                        <span className="visually-hidden">wrong: </span>
                        <del className={styles.wrong}>{formatKbps(row.claimedKbps)}</del>
                      </>
                    )}
                  </td>
                  <td className={row.verdict === 'wrong' ? styles.fixed : undefined}>{formatKbps(row.meshKbps)}</td>
                  <td>{formatKbps(row.sfuKbps)}</td>
                  <td>{row.why}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroll>
      <DataTable data={seedCorrectionsTable()} />
    </div>
  );
}
