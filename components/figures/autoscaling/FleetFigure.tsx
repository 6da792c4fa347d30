'use client';
import { roomServerUrl } from '@/components/roomOrigin';
import { useEffect, useRef, useState } from 'react';
import { newestEntry } from '@/components/observers';
import { DataTable } from '@/components/figures/DataTable';
import { useMeasuredWidth } from '@/components/figures/useMeasuredWidth';
import { fleetSnapshot, type FleetSnapshot } from '@/lib/protocol/fleet';
import { compareNodeIds, fleetTable, placeRoom, placementUtilisation } from '@/lib/voiceservers';
import { formatCount, formatPercent } from '@/lib/units';
import styles from './Figure.module.css';

/** How often the figure reads GET /api/fleet while it is on screen (nodes report every 2 s). */
const POLL_MS = 2000;
const MAX_WIDTH = 720;
const MIN_WIDTH = 300;
const CHART_HEIGHT = 250;
const TOP = 34;
const BOTTOM = 60;

type Reading = { state: 'loading' } | { state: 'error'; message: string } | { state: 'read'; snapshot: FleetSnapshot };

/** Reads the fleet every POLL_MS while `target` is on screen and the tab is visible. */
function useFleet(target: React.RefObject<Element | null>): Reading {
  const [reading, setReading] = useState<Reading>({ state: 'loading' });
  const [onScreen, setOnScreen] = useState(false);
  const [visible, setVisible] = useState(true);

  useEffect(() => {
    const element = target.current;
    if (!element) return;
    const observer = new IntersectionObserver((entries) => setOnScreen(newestEntry(entries)?.isIntersecting ?? false), { rootMargin: '100px' });
    observer.observe(element);
    const onVisibility = () => setVisible(document.visibilityState === 'visible');
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      observer.disconnect();
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [target]);

  useEffect(() => {
    if (!onScreen || !visible) return;
    let stopped = false;
    const read = async () => {
      try {
        const response = await fetch(roomServerUrl('/api/fleet'), { cache: 'no-store' });
        const body: unknown = await response.json().catch(() => null);
        const parsed = fleetSnapshot.safeParse(body);
        if (stopped) return;
        if (response.ok && parsed.success) setReading({ state: 'read', snapshot: parsed.data });
        else {
          const said = (body as { message?: unknown } | null)?.message;
          setReading({ state: 'error', message: typeof said === 'string' ? said : `The server answered ${response.status} without a fleet report.` });
        }
      } catch {
        if (!stopped) setReading({ state: 'error', message: 'The page’s server could not be reached.' });
      }
    };
    void read();
    const timer = setInterval(() => void read(), POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [onScreen, visible]);

  return reading;
}

/**
 * This site's own fleet, live: each SFU node's load as it reported it to Redis, and the node the
 * chapter's least-utilised rule (the same pickLeastUtilised as the region figure) gives the next new
 * room. Without a fleet it says so, and why.
 */
export default function FleetFigure() {
  const container = useRef<HTMLDivElement>(null);
  const reading = useFleet(container);
  const [frame, measured] = useMeasuredWidth<HTMLDivElement>(MAX_WIDTH);
  const width = Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, measured)));

  const snapshot = reading.state === 'read' ? reading.snapshot : null;
  const nodes = [...(snapshot?.nodes ?? [])].sort((a, b) => compareNodeIds(a.id, b.id));
  const next = placeRoom(nodes);
  const state = reading.state === 'read' ? (snapshot!.running ? 'running' : 'none') : reading.state;

  const slot = nodes.length > 0 ? width / nodes.length : width;
  const barWidth = Math.min(72, slot * 0.62);
  const narrow = slot < 56;
  const barHeight = CHART_HEIGHT - TOP - BOTTOM;

  return (
    <div className={styles.figure} ref={container} data-fleet-state={state}>
      {state === 'loading' && <p className={styles.summary}>Reading the fleet from this page’s server…</p>}
      {state === 'error' && reading.state === 'error' && (
        <p className={styles.summary} role="status">
          {reading.message} The figure tries again every {POLL_MS / 1000} s.
        </p>
      )}
      {state === 'none' && (
        <p className={styles.summary} role="status" data-testid="fleet-none">
          No fleet is running. This page comes from a single server process with no Redis, so there are no node reports to
          show. To watch placement happen, run <code>npm run fleet -- --nodes 3</code> and open this chapter on one of the
          nodes it prints.
        </p>
      )}
      {/* Always mounted, so its width is measured before the first reading arrives. */}
      <div ref={frame}>
        {state === 'running' && (
          <svg
            className={`${styles.chart} ${narrow ? styles.narrow : ''}`}
            viewBox={`0 0 ${width} ${CHART_HEIGHT}`}
            role="img"
            aria-label={`${nodes.length} SFU nodes reporting to Redis; the next new room goes to ${next ?? 'no node'}`}
            data-testid="fleet-chart"
          >
            {nodes.map((node, i) => {
              const utilisation = placementUtilisation(node);
              const x = slot * i + (slot - barWidth) / 2;
              const fill = Math.max(node.peers > 0 || utilisation > 0 ? 1 : 0, utilisation * barHeight);
              const rooms = Math.max(node.rooms, node.claimedRooms);
              return (
                <g key={node.id} data-node={node.id} data-draining={node.draining}>
                  <rect className={node.draining ? styles.serverBoxFailed : styles.serverBox} x={x} y={TOP} width={barWidth} height={barHeight} />
                  <rect className={styles.guildA} x={x + 1} y={TOP + barHeight - fill} width={barWidth - 2} height={fill}>
                    <title>{`${node.id}: ${node.rooms} rooms, ${node.peers} people, ${formatCount(node.forwardedPps)} packets/s out, CPU ${formatPercent(node.cpuShare)}`}</title>
                  </rect>
                  <text className={styles.barValue} x={x + barWidth / 2} y={TOP - 8} textAnchor="middle">
                    {node.draining ? (narrow ? 'drain' : 'draining') : formatPercent(utilisation, 1)}
                  </text>
                  <text className={styles.barLabel} x={x + barWidth / 2} y={CHART_HEIGHT - 40} textAnchor="middle">
                    {narrow ? node.id.replace(/^node-/, '#') : node.id}
                  </text>
                  <text className={styles.tick} x={x + barWidth / 2} y={CHART_HEIGHT - 23} textAnchor="middle">
                    {narrow ? `${rooms}r` : `${rooms} ${rooms === 1 ? 'room' : 'rooms'}`}
                  </text>
                  <text className={styles.tick} x={x + barWidth / 2} y={CHART_HEIGHT - 7} textAnchor="middle">
                    {narrow ? `${node.peers}p` : `${node.peers} ${node.peers === 1 ? 'person' : 'people'}`}
                  </text>
                  {next === node.id && <path className={styles.nextMarker} d={`M${x + barWidth / 2 - 6} ${TOP + 2} l6 8 l6 -8 z`} />}
                </g>
              );
            })}
          </svg>
        )}
      </div>
      {state === 'running' && (
        <>
          <p className={styles.summary} aria-live="polite" data-testid="fleet-summary">
            <span data-meter="fleet-nodes" data-value={nodes.length}>
              {nodes.length} {nodes.length === 1 ? 'node' : 'nodes'}
            </span>{' '}
            reporting every {(snapshot!.heartbeatMs ?? 0) / 1000} s (a report not renewed for {(snapshot!.expiryMs ?? 0) / 1000} s
            drops out).{' '}
            <span data-meter="fleet-next" data-value={next ?? ''}>
              {next === null
                ? 'No node can take a new room: every one is draining or full.'
                : `A new room goes to ${next}, the least utilised (${formatPercent(placementUtilisation(nodes.find((n) => n.id === next)!), 1)}).`}
            </span>
          </p>
        </>
      )}
      <DataTable data={fleetTable(snapshot)} />
    </div>
  );
}
