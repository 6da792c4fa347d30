'use client';
import { useCallback, useEffect, useMemo, useRef, useState, type CSSProperties } from 'react';
import { DataTable } from '@/components/figures/DataTable';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { useFigureStore, useStore } from '@/components/figures/useFigureStore';
import { useFrameLoop } from '@/components/figures/useFrameLoop';
import { PlayControls } from '@/components/controls/PlayControls';
import { Segmented } from '@/components/controls/Segmented';
import { StoreSlider } from '@/components/figures/StoreSlider';
import { shallow } from 'zustand/shallow';
import { Stage, Workbench } from '@/components/figures/Workbench';
import {
  DEFAULT_FIGURE_SPEED,
  DEFAULT_UDP_TCP_INPUTS,
  FIGURE_SPEEDS,
  FRAME_MS,
  G114_PLANNING_LIMIT_MS,
  INPUT_RANGES,
  RTO_POLICY_LABELS,
  createTransportState,
  linkFromInputs,
  stepTransport,
  summarizeInputs,
  udpTcpTable,
  withNextPacketDropped,
  type FigureSpeed,
  type LaneTotals,
  type RtoPolicy,
  type TransportState,
  type UdpTcpInputs,
} from '@/lib/transport';
import { formatCount, formatMs, formatPercent } from '@/lib/units';
import { LanesLegend, LanesView } from './LanesView';
import { useSettledSelection } from '@/components/hooks/useSettled';
import { useColorScheme } from '@/components/hooks/useColorScheme';
import { markColourProperties } from './palette';
import styles from './Figure.module.css';

const formatLoss = (v: number) => formatPercent(v / 100);

function pickInputs({ lossPercent, rttMs, jitterMs, rtoPolicy, seed }: UdpTcpInputs): UdpTcpInputs {
  return { lossPercent, rttMs, jitterMs, rtoPolicy, seed };
}

const RTO_OPTIONS = (Object.keys(RTO_POLICY_LABELS) as RtoPolicy[]).map((value) => ({ value, label: RTO_POLICY_LABELS[value] }));

function Counter({ lane, label, totals, state }: { lane: 'tcp' | 'udp'; label: string; totals: LaneTotals; state: TransportState }) {
  const delay = totals.lastMouthToEarMs;
  const overLimit = delay !== null && delay > G114_PLANNING_LIMIT_MS;
  return (
    <div className={styles.counter} data-counter={lane}>
      <h4>{label}</h4>
      <dl>
        <dt>Mouth-to-ear now</dt>
        <dd className={overLimit ? styles.bad : undefined}>{delay === null ? '–' : formatMs(delay)}</dd>
        <dt>Glitches so far</dt>
        <dd>{formatCount(totals.glitches)}</dd>
        {lane === 'tcp' ? (
          <>
            <dt>Frozen so far</dt>
            <dd>{formatMs(totals.stalledMs)}</dd>
            <dt>Resent</dt>
            <dd>{formatCount(state.tcp.sender.retransmissions)}</dd>
          </>
        ) : (
          <>
            <dt>Concealed so far</dt>
            <dd>{formatMs(totals.framesConcealed * FRAME_MS)}</dd>
            <dt>Playout delay</dt>
            <dd>{state.udp.player.offsetMs === null ? '–' : formatMs(state.udp.player.offsetMs + FRAME_MS)}</dd>
          </>
        )}
      </dl>
    </div>
  );
}

function LiveCounters({ model }: { model: StoreApi<TransportState> }) {
  const state = useStore(model);
  return (
    <div className={styles.counters}>
      <Counter lane="tcp" label="TCP" totals={state.tcp.totals} state={state} />
      <Counter lane="udp" label="UDP / RTP" totals={state.udp.totals} state={state} />
    </div>
  );
}

/**
 * Figure: one voice stream, sent twice over the same link, as TCP and as RTP over UDP. Packets move, losses
 * fall off the link, and the timeline shows what each listener hears. The numbers under it are a 10 s run of
 * the same model at the reader's settings.
 */
export default function LanesFigure() {
  const scheme = useColorScheme() ?? 'light';
  const store = useFigureStore(() => ({ ...DEFAULT_UDP_TCP_INPUTS, speed: DEFAULT_FIGURE_SPEED as FigureSpeed }));
  // The figure renders for what is chosen by clicking (speed, timer, seed); the sliders subscribe to their own
  // inputs and the running model reads the link from the store, so a step of a drag renders only the slider.
  const rtoPolicy = useStore(store, (s) => s.rtoPolicy);
  const seed = useStore(store, (s) => s.seed);
  const speed = useStore(store, (s) => s.speed);
  // The summary and the table run the model over 10 s of speech (a few ms, four times that on a slow CPU):
  // they follow the inputs once the reader stops dragging, while the lanes take each new setting at once.
  const settled = useSettledSelection(store, pickInputs);
  const summary = useMemo(() => summarizeInputs(settled), [settled]);
  const table = useMemo(() => udpTcpTable(settled, summary), [settled, summary]);

  // The running model lives in its own store: a frame re-renders only what subscribes to it (the lanes and
  // the counters), not the controls, the summary and the table, which follow the inputs.
  const [model] = useState(() => createStore<TransportState>(() => createTransportState({ seed })));
  const setModel = model.setState;
  const linkRef = useRef(linkFromInputs(pickInputs(store.getState())));
  const speedRef = useRef(Number(speed));
  useEffect(() => {
    let inputs = pickInputs(store.getState());
    const follow = () => {
      const next = pickInputs(store.getState());
      if (!shallow(next, inputs)) linkRef.current = linkFromInputs((inputs = next));
      speedRef.current = Number(store.getState().speed);
    };
    follow();
    return store.subscribe(follow);
  }, [store]);

  const container = useRef<HTMLDivElement>(null);
  const onFrame = useCallback(
    (dtMs: number) => model.setState((m) => stepTransport(m, linkRef.current, dtMs * speedRef.current), true),
    [model],
  );
  // One "Step" moves the model by one frame (20 ms of model time) whatever the speed.
  const loop = useFrameLoop(container, onFrame, { stepMs: FRAME_MS / Number(speed) });

  return (
    <div className={styles.figure} ref={container} style={markColourProperties(scheme) as CSSProperties}>
      <Workbench>
        <Stage>
          <LanesView model={model} />
        </Stage>
        <LanesLegend />
        <div className="controls">
          <Segmented label="Speed" name="udp-tcp-speed" options={FIGURE_SPEEDS} value={speed} onChange={(v) => store.setState({ speed: v })} />
          <PlayControls loop={loop} onReset={() => setModel(createTransportState({ seed }), true)} />
          <button type="button" className="button" data-control="udp-tcp-drop" onClick={() => setModel((m) => withNextPacketDropped(m), true)}>
            Lose the next packet
          </button>
          <button
            type="button"
            className="button"
            data-control="udp-tcp-reroll"
            onClick={() => {
              store.setState({ seed: seed + 1 });
              setModel(createTransportState({ seed: seed + 1 }), true);
            }}
          >
            Another run
          </button>
        </div>

        <div className="controls">
          <StoreSlider store={store} field="lossPercent" label="Packet loss" name="udp-tcp-loss" {...INPUT_RANGES.lossPercent} format={formatLoss} />
          <StoreSlider store={store} field="rttMs" label="Round trip (RTT)" name="udp-tcp-rtt" {...INPUT_RANGES.rttMs} format={formatMs} />
          <StoreSlider store={store} field="jitterMs" label="Jitter" name="udp-tcp-jitter" {...INPUT_RANGES.jitterMs} format={formatMs} />
          <Segmented
            label="TCP retransmission timer"
            name="udp-tcp-rto"
            options={RTO_OPTIONS}
            value={rtoPolicy}
            onChange={(v) => store.setState({ rtoPolicy: v })}
          />
        </div>
      </Workbench>

      <LiveCounters model={model} />

      <p className={styles.summary} data-testid="udp-tcp-summary">
        Over 10 s of speech at these settings, TCP froze{' '}
        <strong data-value="tcp-freezes">{formatCount(summary.tcp.freezes)}</strong> times for{' '}
        <strong data-value="tcp-frozen">{formatMs(summary.tcp.frozenMs)}</strong> in all, and its delay peaked at{' '}
        <strong data-value="tcp-worst">{formatMs(summary.tcp.worstMouthToEarMs)}</strong>. UDP/RTP never froze: it concealed{' '}
        <strong data-value="udp-concealed">{formatCount(summary.udp.framesConcealed)}</strong> frames of {FRAME_MS} ms and kept the
        delay at <strong data-value="udp-typical">{formatMs(summary.udp.medianMouthToEarMs)}</strong>.
      </p>

      <DataTable data={table} />
    </div>
  );
}
