'use client';
import { TableScroll } from '@/components/figures/TableScroll';
import type { MemberStats } from '@/lib/protocol/room';
import { formatKbps, formatCount } from '@/lib/units';
import { DataTable } from '@/components/figures/DataTable';
import { meshComparison, meshComparisonTable } from '@/lib/bandwidth/liveRoom';
import { Sparkline } from './Sparkline';
import { HISTORY_SECONDS, kbpsByLayerName, layerColumns, ownKbps, publisherLayer } from './liveStats';
import { tileStatus } from './tileStatus';
import styles from './Room.module.css';

const kbps = (v: number) => formatKbps(Math.round(v), { compact: true });
/** Layer colours by size, smallest first, as in the simulcast chapter. */
const LAYER_COLORS = ['var(--good)', 'var(--warn)', 'var(--accent)'];

/**
 * The server's view of the room, refreshed every second from this member's stats: the room's totals
 * and publishers (the same for every member) and what the server sends this page. The full detail,
 * every viewer's every subscription, is at GET /api/rooms/<id>/stats.
 */
export function LivePanel({ history, names }: { history: MemberStats[]; names: Record<string, string> }) {
  const stats = history.at(-1);
  if (!stats) {
    return (
      <section className={styles.panel} aria-labelledby="live-heading">
        <h2 id="live-heading">What the server sees</h2>
        <p className={styles.muted}>Waiting for the first second of numbers…</p>
      </section>
    );
  }
  const comparison = meshComparison(stats);
  const name = (id: string) => names[id] ?? id.slice(0, 8);
  const columns = layerColumns(stats.publishers);
  const byLayer = history.map((h) => kbpsByLayerName(h, columns));
  const layersOf = (publisherId: string) => stats.publishers.find((p) => p.peerId === publisherId)?.layers;
  return (
    <section className={styles.panel} aria-labelledby="live-heading" data-live-panel>
      <h2 id="live-heading">What the server sees</h2>
      <dl className={styles.headline}>
        <div>
          <dt>Into the server</dt>
          <dd data-total="in">{kbps(stats.totals.inKbps)}</dd>
        </div>
        <div>
          <dt>Out of the server</dt>
          <dd data-total="out">{kbps(stats.totals.outKbps)}</dd>
        </div>
        <div>
          <dt>To you</dt>
          <dd data-total="you">{kbps(ownKbps(stats))}</dd>
        </div>
      </dl>
      <p className={styles.muted}>
        {formatCount(stats.peers)} in the room, {formatCount(stats.publishers.length)} sending · {formatCount(stats.totals.inPacketsPerSecond)} packets/s in,{' '}
        {formatCount(stats.totals.outPacketsPerSecond)} out
      </p>
      <div className={styles.charts}>
        <Sparkline
          title="Into and out of the server"
          slots={HISTORY_SECONDS}
          format={kbps}
          series={[
            { label: 'in', color: 'var(--accent)', values: history.map((h) => h.totals.inKbps) },
            { label: 'out', color: 'var(--accent-2)', values: history.map((h) => h.totals.outKbps) },
          ]}
        />
        {columns.length > 0 && (
          <Sparkline
            title="Video arriving, by layer, all senders"
            slots={HISTORY_SECONDS}
            format={kbps}
            series={columns.map((c, i) => ({ label: c.name, color: LAYER_COLORS[i] ?? 'var(--muted)', values: byLayer.map((row) => row[i]) }))}
          />
        )}
      </div>

      <h3>Coming to you</h3>
      <TableScroll label="Coming to you, per tile">
        <table className={styles.table} data-table="subscriptions">
          <thead>
            <tr>
              <th scope="col">From</th>
              <th scope="col">Video</th>
              <th scope="col">Tile</th>
              <th scope="col">Estimate</th>
              <th scope="col">kbps</th>
            </tr>
          </thead>
          <tbody>
            {stats.subscriptions.map((s) => (
              <tr key={s.publisherId} data-subscription={s.publisherId}>
                <th scope="row">{name(s.publisherId)}</th>
                <td>{tileStatus(s, layersOf(s.publisherId)).label}</td>
                <td>{`${Math.round(s.tileWidthPx)}×${Math.round(s.tileHeightPx)}`}</td>
                <td data-estimate-kbps={s.availableKbps}>{formatCount(s.availableKbps)}</td>
                <td>{formatCount(s.kbps + s.audioKbps)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <p className={styles.muted}>
        Estimate is what the server thinks your link can carry for that tile: it grows while your browser reports no
        lost packets, shrinks when it reports loss, and is capped by any downlink you pretend to have. The layer is
        the smallest that fills the tile and fits under it.
      </p>

      <h3>Arriving, per sender and layer</h3>
      <TableScroll label="Arriving at the server, per sender and layer, in kbps">
        <table className={styles.table} data-table="publishers">
          <thead>
            <tr>
              <th scope="col">Sender</th>
              <th scope="col">Audio</th>
              {columns.map((c) => (
                <th scope="col" key={c.name}>
                  {c.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {stats.publishers.map((p) => (
              <tr key={p.peerId} data-publisher={p.peerId}>
                <th scope="row">
                  {name(p.peerId)}
                  {p.speaking ? <span className={styles.speakingMark}> speaking</span> : null}
                </th>
                <td>{p.audioKbps === null ? '—' : formatCount(p.audioKbps)}</td>
                {columns.map((c) => {
                  const layer = publisherLayer(p, c.name);
                  return (
                    <td key={c.name} data-layer-cell={c.name} data-active={layer?.active ?? false}>
                      {layer === undefined ? '—' : layer.active ? formatCount(layer.kbps) : 'off'}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>

      <h3>The same room as a mesh</h3>
      <p className={styles.muted}>
        Without a server, everyone would send a copy to everyone else. The mesh column is the model from the mesh
        chapter, fed with this room right now; the SFU column is measured.
      </p>
      <DataTable data={meshComparisonTable(comparison)} open live />
    </section>
  );
}
