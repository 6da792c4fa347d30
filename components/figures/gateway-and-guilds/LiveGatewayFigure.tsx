'use client';
import { useEffect, useState, useSyncExternalStore } from 'react';
import {
  GATEWAY_OPCODES,
  SEND_US_MAX,
  SEND_US_MIN,
  deflateSavings,
  fanoutVersusModel,
  formatDurationUs,
  formatEventsPerSecond,
  gatewayOpName,
  liveGatewayTable,
  type GatewayOp,
} from '@/lib/guild';
import { formatCount } from '@/lib/units';
import { DataTable } from '@/components/figures/DataTable';
import { Button } from '@/components/controls/Button';
import { GatewayClient, KEEP_FRAMES, type GatewayFrame } from '@/components/follow/GatewayClient';
import { Stage, Workbench } from '@/components/figures/Workbench';
import styles from './Live.module.css';

/**
 * This page as a member of a real fan-out: the figure opens its own gateway session in this server's site
 * guild (server/follow), and shows the guilds, the events a second, the frames on its connection as they
 * pass, and the bytes permessage-deflate saved on it, beside lib/guild's model of the same fan-out.
 */
export default function LiveGatewayFigure() {
  const [client] = useState(() => new GatewayClient({ kind: 'site' }));
  useEffect(() => {
    client.start();
    return () => client.close();
  }, [client]);
  const state = useSyncExternalStore(
    (callback) => client.subscribe(callback),
    () => client.state,
    () => client.state,
  );
  const stats = state.siteStats;
  const site = stats?.guilds.find((g) => g.kind === 'site');
  const classes = stats?.guilds.filter((g) => g.kind === 'class') ?? [];
  const versus = stats?.lastFanout ? fanoutVersusModel(stats.lastFanout) : null;
  const bytes = state.bytes;

  return (
    <div className={styles.live} data-gateway-phase={state.phase}>
      <div className={styles.status} aria-live="polite">
        {state.phase === 'ready' ? (
          <span>
            Connected: session <code>{state.sessionId?.slice(0, 8)}</code>, heartbeat every {formatCount((state.heartbeatIntervalMs ?? 0) / 1000)} s
            {state.heartbeatRttMs !== null ? `, last acknowledged in ${formatCount(state.heartbeatRttMs)} ms` : ''}
            {state.resumes > 0 ? `, resumed ${state.resumes} time${state.resumes > 1 ? 's' : ''}` : ''}.
          </span>
        ) : state.phase === 'reconnecting' ? (
          <span>Connection lost; reconnecting to resume from event {formatCount(state.seq)}…</span>
        ) : (
          <span>Connecting to this server’s gateway…</span>
        )}
      </div>

      <dl className={styles.readouts} data-testid="live-gateway" data-sessions={site?.sessions ?? 0} data-events={stats?.eventsPerSecond ?? 0}>
        <div>
          <dt>Reading this chapter now</dt>
          <dd>{site ? formatCount(site.sessions) : '…'}</dd>
        </div>
        <div>
          <dt>Classes following</dt>
          <dd>
            {classes.length === 0 ? 'none' : `${classes.length}, ${plural(classes.reduce((n, g) => n + g.sessions, 0), 'follower')}`}
          </dd>
        </div>
        <div>
          <dt>Events a second</dt>
          <dd>{stats ? formatEventsPerSecond(stats.eventsPerSecond) : '…'}</dd>
        </div>
        <div>
          <dt>Session sends a second</dt>
          <dd>{stats ? formatEventsPerSecond(stats.sendsPerSecond) : '…'}</dd>
        </div>
      </dl>

      {/* On a phone the frame log stays in view while the buttons below it are pressed: a wave and a dropped
          connection show there first. */}
      <Workbench>
        <Stage>
          <FrameLog frames={state.frames} />
        </Stage>
        <div className={styles.controls}>
          {/* Unavailable while (re)connecting, but focusable: "Drop my connection" disables itself when pressed. */}
          <Button data-control="wave" onClick={() => client.send({ type: 'site-wave' })} disabled={state.phase !== 'ready'}>
            Wave to everyone here
          </Button>
          <Button data-control="drop" onClick={() => client.dropConnection()} disabled={state.phase !== 'ready'}>
            Drop my connection
          </Button>
        </div>
      </Workbench>

      {versus && (
        <p className={styles.versus} data-testid="fanout-versus">
          The last fan-out here reached {formatCount(versus.sessions)} session{versus.sessions === 1 ? '' : 's'} in{' '}
          <strong>{formatDurationUs(versus.measuredUs)}</strong> (measured in this Node process). One Discord guild process at {SEND_US_MIN}{' '}
          to {SEND_US_MAX} µs a send would take {formatDurationUs(versus.discordMinUs)} to {formatDurationUs(versus.discordMaxUs)} (the model
          above).
        </p>
      )}

      <p className={styles.bytes} data-testid="deflate" data-wire={bytes?.wireBytes ?? 0} data-uncompressed={bytes?.uncompressedBytes ?? 0}>
        {bytes
          ? bytes.deflate
            ? `This connection so far: ${formatCount(bytes.wireBytes)} bytes crossed the network with permessage-deflate; the same frames uncompressed are ${formatCount(bytes.uncompressedBytes)} bytes, so compression saved ${Math.round(deflateSavings(bytes.wireBytes, bytes.uncompressedBytes) * 100)} %.`
            : `This connection so far: ${formatCount(bytes.wireBytes)} bytes, uncompressed (your browser did not agree to permessage-deflate).`
          : 'Bytes on this connection appear after a couple of seconds.'}
      </p>
      {state.waves.length > 0 && (
        <p className={styles.waves} aria-live="polite">
          {state.waves.at(-1)!.from} waved.
        </p>
      )}
      {classes.length > 0 && (
        <p className={styles.muted}>
          Each class is its own guild with its own process: {classes.map((g) => `${formatCount(g.sessions)} following`).join(', ')}.
        </p>
      )}

      <DataTable
        data={liveGatewayTable({
          guilds: stats?.guilds ?? [],
          eventsPerSecond: stats?.eventsPerSecond ?? 0,
          sendsPerSecond: stats?.sendsPerSecond ?? 0,
          lastFanout: stats?.lastFanout ?? null,
          bytes,
        })}
      />
    </div>
  );
}

/**
 * The newest frames on this connection, in the gateway's own terms. Blank rows hold the places of frames not
 * yet arrived, so the log is as tall from the start as it will stay and nothing below it moves as it fills.
 */
function FrameLog({ frames }: { frames: GatewayFrame[] }) {
  return (
    <div className={styles.frames}>
      <table data-testid="frames">
        <caption>Frames on your connection, newest last</caption>
        <thead>
          <tr>
            <th scope="col">Way</th>
            <th scope="col">op</th>
            <th scope="col">t</th>
            <th scope="col">s</th>
            <th scope="col">Bytes</th>
          </tr>
        </thead>
        <tbody>
          {frames.map((frame, i) => (
            <tr key={`${frame.atMs}-${i}`} data-op={frame.op} data-direction={frame.direction}>
              <td>{frame.direction === 'in' ? '↓ in' : '↑ out'}</td>
              <td>
                <code>
                  {frame.op} {opName(frame.op)}
                </code>
              </td>
              <td>{frame.t ?? ''}</td>
              <td>{frame.s ?? ''}</td>
              <td>{formatCount(frame.bytes)}</td>
            </tr>
          ))}
          {Array.from({ length: Math.max(0, KEEP_FRAMES - frames.length) }, (_, i) => (
            <tr key={`blank-${i}`} className={styles.blank} aria-hidden="true">
              <td colSpan={5}>{'\u00a0'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function plural(n: number, word: string): string {
  return `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;
}

function opName(op: number): string {
  return (Object.values(GATEWAY_OPCODES) as number[]).includes(op) ? gatewayOpName(op as GatewayOp) : '?';
}
