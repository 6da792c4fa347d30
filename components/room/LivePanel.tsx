'use client';
import { TableScroll } from '@/components/figures/TableScroll';
import type { RoomStats } from '@/lib/protocol/room';
import { formatKbps, formatCount } from '@/lib/units';
import { DataTable } from '@/components/figures/DataTable';
import { meshComparison, meshComparisonTable } from '@/lib/bandwidth/liveRoom';
import { Sparkline } from './Sparkline';
import { HISTORY_SECONDS } from './roomClient';
import styles from './Room.module.css';

const kbps = (v: number) => formatKbps(Math.round(v), { compact: true });
const LAYER_COLORS: Record<string, string> = { q: 'var(--good)', h: 'var(--warn)', f: 'var(--accent)' };

/** The server's view of the room, refreshed every second from the same snapshot /api/rooms/<id>/stats serves. */
export function LivePanel({ history, names }: { history: RoomStats[]; names: Record<string, string> }) {
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
  return (
    <section className={styles.panel} aria-labelledby="live-heading" data-live-panel>
      <h2 id="live-heading">What the server sees</h2>
      <p className={styles.totals}>
        <span>
          In: <strong data-total="in">{kbps(stats.totals.inKbps)}</strong> ({formatCount(stats.totals.inPacketsPerSecond)} packets/s)
        </span>
        <span>
          Out: <strong data-total="out">{kbps(stats.totals.outKbps)}</strong> ({formatCount(stats.totals.outPacketsPerSecond)} packets/s)
        </span>
      </p>
      <Sparkline
        title="Into and out of the server"
        slots={HISTORY_SECONDS}
        format={kbps}
        series={[
          { label: 'in', color: 'var(--accent)', values: history.map((h) => h.totals.inKbps) },
          { label: 'out', color: 'var(--accent-2)', values: history.map((h) => h.totals.outKbps) },
        ]}
      />
      {stats.publishers.map((p) =>
        p.layers.length > 0 ? (
          <Sparkline
            key={p.peerId}
            title={`${name(p.peerId)}: simulcast layers arriving`}
            slots={HISTORY_SECONDS}
            format={kbps}
            series={p.layers.map((l) => ({
              label: `${l.height}p (${l.rid})`,
              color: LAYER_COLORS[l.rid] ?? 'var(--muted)',
              values: history.map((h) => h.publishers.find((x) => x.peerId === p.peerId)?.layers.find((x) => x.rid === l.rid)?.kbps ?? 0),
            }))}
          />
        ) : null,
      )}

      <h3>Coming in, per publisher and layer</h3>
      <TableScroll label="Coming in, per publisher and layer">
        <table className={styles.table} data-table="publishers">
          <thead>
            <tr>
              <th scope="col">Publisher</th>
              <th scope="col">Stream</th>
              <th scope="col">Size</th>
              <th scope="col">kbps</th>
              <th scope="col">packets/s</th>
            </tr>
          </thead>
          <tbody>
            {stats.publishers.flatMap((p) => [
              ...(p.audio
                ? [
                    <tr key={`${p.peerId}-audio`}>
                      <th scope="row">
                        {name(p.peerId)} {p.speaking ? '🔊' : ''}
                      </th>
                      <td>Opus audio</td>
                      <td>{p.audioLevelDbov === null ? '—' : `${Math.round(p.audioLevelDbov)} dBov`}</td>
                      <td>{formatCount(p.audio.kbps)}</td>
                      <td>{formatCount(p.audio.packetsPerSecond)}</td>
                    </tr>,
                  ]
                : []),
              ...p.layers.map((l) => (
                <tr key={`${p.peerId}-${l.rid}`} data-layer-row={l.rid} data-active={l.active}>
                  <th scope="row">{name(p.peerId)}</th>
                  <td>
                    VP8 layer {l.rid} {l.active ? '' : '(paused)'}
                  </td>
                  <td>
                    {l.width}×{l.height}
                  </td>
                  <td>{formatCount(l.kbps)}</td>
                  <td>{formatCount(l.packetsPerSecond)}</td>
                </tr>
              )),
            ])}
          </tbody>
        </table>
      </TableScroll>

      <h3>Going out, per viewer</h3>
      <p className={styles.muted}>
        Estimate is what the server thinks each viewer&rsquo;s link can carry for that video: it grows while the
        viewer&rsquo;s browser reports no lost packets and shrinks when it reports loss, capped by any downlink you
        pretend to have. The layer is picked to fit under it.
      </p>
      <TableScroll label="Going out, per viewer">
        <table className={styles.table} data-table="subscriptions">
          <thead>
            <tr>
              <th scope="col">Viewer</th>
              <th scope="col">Watching</th>
              <th scope="col">Layer</th>
              <th scope="col">Tile</th>
              <th scope="col">Estimate kbps</th>
              <th scope="col">Video kbps</th>
              <th scope="col">Audio kbps</th>
            </tr>
          </thead>
          <tbody>
            {stats.subscriptions.map((s) => (
              <tr key={`${s.peerId}-${s.publisherId}`}>
                <th scope="row">{name(s.peerId)}</th>
                <td>{name(s.publisherId)}</td>
                <td>
                  {s.paused ? 'paused' : s.rid}
                  {s.pendingRid ? ` → ${s.pendingRid} (waiting for keyframe)` : ''}
                  {s.forcedRid ? ' (forced)' : ''}
                </td>
                <td>
                  {s.visible ? `${Math.round(s.tileWidthPx)}×${Math.round(s.tileHeightPx)}` : 'hidden'}
                </td>
                <td data-estimate-kbps={s.availableKbps}>{formatCount(s.availableKbps)}</td>
                <td>{formatCount(s.kbps)}</td>
                <td>{formatCount(s.audioKbps)}</td>
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
      <DataTable data={meshComparisonTable(comparison)} open />
    </section>
  );
}
