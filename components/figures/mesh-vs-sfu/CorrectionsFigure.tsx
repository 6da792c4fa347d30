'use client';
import { seedCorrections, SEED_CORRECTION_COLUMNS, whoLabel } from '@/lib/bandwidth';
import { formatCount } from '@/lib/units';
import { TableScroll } from '@/components/figures/TableScroll';
import styles from './Figure.module.css';

const [, WHO, CLAIMED, MESH, SFU, WHY] = SEED_CORRECTION_COLUMNS;

/**
 * The case study's peer-to-peer numbers, wrong ones struck through beside the model's. A real table, so it is
 * its own text alternative (no separate data table). One body per scenario, headed by the scenario; each
 * claim's reason is a full-width row under it, so the table fits a phone without hiding a column off screen.
 */
export default function CorrectionsFigure() {
  const rows = seedCorrections();
  const scenarios = [...new Map(rows.map((row) => [row.scenario.id, row.scenario])).values()];
  return (
    <div className={styles.figure}>
      <TableScroll label="The case study's scenarios, corrected">
        <table className={styles.corrections}>
          <caption>The case study’s numbers beside the model’s, in kbps; wrong ones struck through, roundings marked ≈.</caption>
          <thead>
            <tr>
              <th scope="col">{WHO}</th>
              <th scope="col">{CLAIMED}</th>
              <th scope="col">{MESH}</th>
              <th scope="col">{SFU}</th>
            </tr>
          </thead>
          {scenarios.map((scenario) => (
            <tbody key={scenario.id} data-scenario={scenario.id}>
              <tr className={styles.scenarioRow}>
                <th scope="rowgroup" colSpan={4}>
                  {scenario.title}
                </th>
              </tr>
              {rows
                .filter((row) => row.scenario.id === scenario.id)
                .map((row) => (
                  <CorrectionRows key={`${row.who}-${row.direction}`} row={row} />
                ))}
            </tbody>
          ))}
        </table>
      </TableScroll>
    </div>
  );
}

function CorrectionRows({ row }: { row: ReturnType<typeof seedCorrections>[number] }) {
  return (
    <>
      <tr data-correct={row.correct} data-verdict={row.verdict} className={styles.claimRow}>
        <th scope="row">{whoLabel(row.who, row.direction)}</th>
        <td>
          {row.verdict === 'right' ? (
            <span className={styles.right}>
              {formatCount(row.claimedKbps)} <span aria-label="right">✓</span>
            </span>
          ) : row.verdict === 'close' ? (
            <span className={styles.right}>
              {formatCount(row.claimedKbps)} <span aria-label="close enough">≈</span>
            </span>
          ) : (
            <>
              <span className="visually-hidden">wrong: </span>
              <del className={styles.wrong}>{formatCount(row.claimedKbps)}</del>
            </>
          )}
        </td>
        <td className={row.verdict === 'wrong' ? styles.fixed : undefined}>{formatCount(row.meshKbps)}</td>
        <td>{formatCount(row.sfuKbps)}</td>
      </tr>
      <tr className={styles.whyRow}>
        <td colSpan={4}>
          <span className={styles.whyLabel}>{WHY}: </span>
          {row.why}
        </td>
      </tr>
    </>
  );
}
