'use client';
import { memo, useCallback, useMemo, useRef } from 'react';
import type { StoreApi } from 'zustand/vanilla';
import { DataTable } from '@/components/figures/DataTable';
import { useFigureStore, useInputs } from '@/components/figures/useFigureStore';
import { StoreSlider } from '@/components/figures/StoreSlider';
import { useSettledSelection } from '@/components/hooks/useSettled';
import { useFrameLoop } from '@/components/figures/useFrameLoop';
import { useMeasuredWidth } from '@/components/figures/useMeasuredWidth';
import { PlayControls } from '@/components/controls/PlayControls';
import { HeldBlock, Stage, Workbench } from '@/components/figures/Workbench';
import {
  DEFAULT_REGION_INPUTS,
  REGION_BOUNDS,
  REGION_FIGURE,
  pickLeastUtilised,
  guildArrivals,
  regionForInputs,
  regionTable,
  regionTotals,
  serverCapacityUsers,
  serverLabel,
  serverReports,
  type RegionFigureInputs,
} from '@/lib/voiceservers';
import { formatCount, formatPercent } from '@/lib/units';
import styles from './Figure.module.css';

/** One guild starts voice every this many milliseconds while the figure plays. */
const ARRIVAL_MS = 700;
const MAX_WIDTH = 720;
const MIN_WIDTH = 300;
const CHART_HEIGHT = 260;
const TOP = 34;
const BOTTOM = 30;

const ARRIVALS = guildArrivals(REGION_FIGURE.seed, REGION_FIGURE.guildCount);

const pickInputs = ({ serverCount, joined, actions }: RegionFigureInputs): RegionFigureInputs => ({ serverCount, joined, actions });

/**
 * A region of voice servers. Guilds start voice one after another and the Guilds service puts each
 * on the least-utilised healthy server it reads from etcd; failing a server moves its guilds.
 *
 * The figure itself renders once: the sliders subscribe to their own inputs and the chart with its buttons to
 * all of them, so a step of a drag (or a guild arriving) renders the slider and the chart; the summary and the
 * table follow once the inputs settle. (Rendering the whole figure, its table included, at every step of a drag
 * while it played cost ~17 ms a frame with the CPU slowed 4x.)
 */
export default function RegionFigure() {
  const store = useFigureStore<RegionFigureInputs>(() => ({ ...DEFAULT_REGION_INPUTS }));
  const later = useSettledSelection(store, pickInputs);

  const elapsed = useRef(0);
  const container = useRef<HTMLDivElement>(null);
  const onFrame = useCallback(
    (dtMs: number) => {
      elapsed.current += dtMs;
      if (elapsed.current < ARRIVAL_MS) return;
      elapsed.current = 0;
      const { joined } = store.getState();
      if (joined < ARRIVALS.length) store.setState({ joined: joined + 1 });
    },
    [store],
  );
  const loop = useFrameLoop(container, onFrame, { stepMs: ARRIVAL_MS });

  return (
    <div className={styles.figure} ref={container}>
      <Workbench>
        <RegionLive store={store} />
        <div className="controls">
          <StoreSlider store={store} field="serverCount" label="Voice servers in the region" name="servers" {...REGION_BOUNDS.serverCount} />
          <StoreSlider store={store} field="joined" label="Guilds that have started voice" name="guilds" {...REGION_BOUNDS.joined} />
          <PlayControls loop={loop} onReset={() => store.setState({ joined: 0, actions: [] })} />
        </div>
      </Workbench>
      <RegionReadouts inputs={later} />
    </div>
  );
}

/** The chart and the fail/restore buttons, for the store's current inputs: what follows every step. */
function RegionLive({ store }: { store: StoreApi<RegionFigureInputs> }) {
  const capacityUsers = serverCapacityUsers();
  const inputs = useInputs(store);
  const region = useMemo(() => regionForInputs(inputs, capacityUsers), [inputs, capacityUsers]);
  const reports = serverReports(region);
  const next = inputs.joined < ARRIVALS.length ? ARRIVALS[inputs.joined] : null;
  const nextServer = next ? pickLeastUtilised(reports, next.voiceUsers, capacityUsers) : null;

  // The clicks are the figure's input, replayed in order; a link carries up to REGION_FIGURE.maxActions of them.
  const actionsFull = inputs.actions.length >= REGION_FIGURE.maxActions;
  const toggleServer = (serverId: number, healthy: boolean) => {
    const { actions, joined } = store.getState();
    if (actions.length >= REGION_FIGURE.maxActions) return;
    store.setState({ actions: [...actions, { type: healthy ? 'fail' : 'recover', serverId, afterJoins: joined }] });
  };

  const [frame, measured] = useMeasuredWidth<HTMLDivElement>(MAX_WIDTH);
  const width = Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, measured)));
  const slot = width / inputs.serverCount;
  const barWidth = Math.min(72, slot * 0.62);
  /** Below this slot width a server's label is shortened so neighbours do not run together. */
  const narrow = slot < 56;
  const barHeight = CHART_HEIGHT - TOP - BOTTOM;
  const yOf = (users: number) => TOP + barHeight - (users / capacityUsers) * barHeight;
  const totals = regionTotals(region);

  return (
    <>
      <Stage>
        <div ref={frame}>
          <svg
            className={`${styles.chart} ${narrow ? styles.narrow : ''}`}
            viewBox={`0 0 ${width} ${CHART_HEIGHT}`}
            role="img"
            aria-label={`${inputs.serverCount} voice servers; ${totals.healthyServers} healthy, ${formatPercent(totals.utilisation)} of their capacity in use`}
            data-testid="region-chart"
          >
            {region.servers.map((server, i) => (
              <rect
                key={server.id}
                data-server={server.id}
                data-healthy={server.healthy}
                className={server.healthy ? styles.serverBox : styles.serverBoxFailed}
                x={slot * i + (slot - barWidth) / 2}
                y={TOP}
                width={barWidth}
                height={barHeight}
              />
            ))}
            {/* Every guild's block, keyed by guild (not inside its server's group), so a guild that moves to
                another server as the servers change keeps its element and only moves; in the same order as
                before, server by server from the bottom up, so any block overlapping the next paints the same. */}
            {region.servers.flatMap((server, i) => {
              const x = slot * i + (slot - barWidth) / 2;
              let below = 0;
              return server.guildIds.map((id) => {
                const users = region.guilds[id].voiceUsers;
                const top = yOf(below + users);
                const block = (
                  <rect
                    key={id}
                    className={id % 2 === 0 ? styles.guildA : styles.guildB}
                    x={x + 1}
                    y={top}
                    width={barWidth - 2}
                    height={Math.max(1, yOf(below) - top)}
                  >
                    <title>{`Guild ${id + 1}: ${formatCount(users)} voice users`}</title>
                  </rect>
                );
                below += users;
                return block;
              });
            })}
            {region.servers.map((server, i) => {
              const x = slot * i + (slot - barWidth) / 2;
              return (
                <g key={server.id}>
                  <text className={styles.barValue} x={x + barWidth / 2} y={TOP - 8} textAnchor="middle">
                    {server.healthy ? formatPercent(reports[i].utilisation) : narrow ? 'off' : 'failed'}
                  </text>
                  <text className={styles.barLabel} x={x + barWidth / 2} y={CHART_HEIGHT - 10} textAnchor="middle">
                    {`#${server.id + 1}`}
                  </text>
                  {nextServer === server.id && <path className={styles.nextMarker} d={`M${x + barWidth / 2 - 6} ${TOP + 2} l6 8 l6 -8 z`} />}
                </g>
              );
            })}
          </svg>
        </div>
      </Stage>
      {/* A button comes or goes at each step of the servers drag: held, so that is laid out inside its frame. */}
      <HeldBlock className={styles.serverButtons} role="group" aria-label="Fail or bring back a voice server">
        {region.servers.map((server) => (
          <button
            key={server.id}
            type="button"
            data-control={`server-${server.id + 1}`}
            aria-pressed={!server.healthy}
            onClick={() => toggleServer(server.id, server.healthy)}
            disabled={actionsFull}
          >
            {server.healthy ? `Fail #${server.id + 1}` : `Restore #${server.id + 1}`}
          </button>
        ))}
      </HeldBlock>
      {actionsFull && (
        <p className={styles.summary} role="status">
          The figure keeps {REGION_FIGURE.maxActions} fail and restore clicks; Reset starts over.
        </p>
      )}
    </>
  );
}

/** The summary and the table, for settled inputs: a drag renders them once the reader stops. */
const RegionReadouts = memo(function RegionReadouts({ inputs }: { inputs: RegionFigureInputs }) {
  const capacityUsers = serverCapacityUsers();
  const region = useMemo(() => regionForInputs(inputs, capacityUsers), [inputs, capacityUsers]);
  const totals = regionTotals(region);
  const next = inputs.joined < ARRIVALS.length ? ARRIVALS[inputs.joined] : null;
  const nextServer = next ? pickLeastUtilised(serverReports(region), next.voiceUsers, capacityUsers) : null;
  return (
    <>
      <p className={styles.summary} aria-live="polite" data-testid="region-summary">
        <span data-meter="placed-users" data-value={totals.placedUsers}>
          {formatCount(totals.placedUsers)} voice users
        </span>{' '}
        on{' '}
        <span data-meter="healthy-servers" data-value={totals.healthyServers}>
          {totals.healthyServers} healthy {totals.healthyServers === 1 ? 'server' : 'servers'}
        </span>
        , {formatPercent(totals.utilisation)} of their capacity.{' '}
        <span data-meter="moves" data-value={totals.moves}>
          {totals.moves} {totals.moves === 1 ? 'guild' : 'guilds'} moved
        </span>{' '}
        off failed servers;{' '}
        <span data-meter="waiting" data-value={totals.waitingGuilds} data-over={totals.waitingGuilds > 0}>
          {totals.waitingGuilds} waiting for room
        </span>
        .{' '}
        {next
          ? nextServer === null
            ? `Next guild (${formatCount(next.voiceUsers)} people) fits on no server.`
            : `Next guild (${formatCount(next.voiceUsers)} people) goes to ${serverLabel(nextServer).toLowerCase()}, the least utilised.`
          : 'Every guild has started voice.'}
      </p>
      <DataTable data={regionTable(region)} />
    </>
  );
});
