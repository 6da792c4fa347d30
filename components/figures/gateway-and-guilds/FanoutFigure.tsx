'use client';
import { memo, useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useSettledSelection } from '@/components/hooks/useSettled';
import {
  FANOUT_BOUNDS,
  GUILD_SIZE_STEPS,
  SEND_US_MAX,
  SEND_US_MIN,
  fanoutProgress,
  fanoutTable,
  formatBusyRange,
  formatDurationUs,
  formatEventsPerSecond,
  guildFanout,
  stepFanoutClock,
  type Fanout,
  type FanoutInput,
} from '@/lib/guild';
import { formatCount } from '@/lib/units';
import type { StoreApi } from 'zustand/vanilla';
import { useFigureStore, useStore } from '@/components/figures/useFigureStore';
import { StoreSlider } from '@/components/figures/StoreSlider';
import { useFrameLoop } from '@/components/figures/useFrameLoop';
import { DataTable } from '@/components/figures/DataTable';
import { Toggle } from '@/components/controls/Toggle';
import { PlayControls } from '@/components/controls/PlayControls';
import { Stage, Workbench } from '@/components/figures/Workbench';
import { DEFAULT_FANOUT_INPUTS, toFanoutInput, type FanoutInputs } from './inputs';
import { FanoutView, paintProgress } from './FanoutView';
import styles from './Figure.module.css';

/** Simulated time one "Step" advances under reduced motion. */
const STEP_MS = 50;

/** One event in a guild: the guild process sends it to every online session, with or without Manifold. */
export default function FanoutFigure() {
  const store = useFigureStore<FanoutInputs>(() => ({ ...DEFAULT_FANOUT_INPUTS }));
  // The sliders subscribe to their own inputs and the replay to all of them: a step of a drag renders the
  // slider and the replay, and the readouts, the summary and the table once the inputs settle.
  const manifold = useStore(store, (s) => s.manifold);
  const later = useSettledSelection(store, inputKeyOf, Object.is);

  return (
    <div className={styles.figure}>
      <Workbench>
        <LiveReplay store={store} />
        <div className="controls">
          <StoreSlider store={store} field="sizeStep" label="Members in the guild" name="members" {...FANOUT_BOUNDS.sizeStep} format={formatMembers} />
          <StoreSlider store={store} field="onlinePercent" label="Online right now" name="online" {...FANOUT_BOUNDS.onlinePercent} format={formatPercentInput} />
          <StoreSlider store={store} field="sessionNodes" label="Session nodes (machines)" name="nodes" {...FANOUT_BOUNDS.sessionNodes} format={formatNodes} />
          <StoreSlider store={store} field="sendUs" label="Cost of one send/2" name="send-us" {...FANOUT_BOUNDS.sendUs} format={formatSendUs} />
          <Toggle label="Batch sends per node with Manifold" name="manifold" checked={manifold} onChange={(m) => store.setState({ manifold: m })} />
        </div>
      </Workbench>

      <FanoutReadouts inputKey={later} />
    </div>
  );
}

const formatMembers = (step: number) => formatCount(GUILD_SIZE_STEPS[step]);
const formatPercentInput = (p: number) => `${p} %`;
const formatNodes = (n: number) => formatCount(n);
const formatSendUs = (us: number) => `${us} µs`;
/** The model's input as a string: equal inputs, equal keys (the replay restarts when it changes). */
const inputKeyOf = (inputs: FanoutInputs) => JSON.stringify(toFanoutInput(inputs));

/** The replay for the current inputs: the fan-out is computed once per change of inputs, not per frame. */
function LiveReplay({ store }: { store: StoreApi<FanoutInputs> }) {
  const inputKey = useStore(store, inputKeyOf);
  const fanout = useMemo(() => guildFanout(JSON.parse(inputKey) as FanoutInput), [inputKey]);
  return <Replay fanout={fanout} inputKey={inputKey} />;
}

/**
 * The numbers under the replay, its summary and its table, for settled inputs (a JSON FanoutInput): a drag
 * renders the replay and the sliders each step and these once the reader stops.
 */
const FanoutReadouts = memo(function FanoutReadouts({ inputKey }: { inputKey: string }) {
  const input = useMemo(() => JSON.parse(inputKey) as FanoutInput, [inputKey]);
  const fanout = useMemo(() => guildFanout(input), [input]);
  const table = useMemo(() => fanoutTable(input), [input]);
  return (
    <>
      <dl
        className={styles.readouts}
        data-testid="fanout-summary"
        data-guild-sends={fanout.guildSends}
        data-guild-busy-us={fanout.guildBusyUs}
        data-inter-node={fanout.interNodeMessages}
        data-last-us={fanout.lastDeliveryUs}
      >
        <div>
          <dt>Guild process calls send/2</dt>
          <dd>{formatCount(fanout.guildSends)} times</dd>
        </div>
        <div>
          <dt>Guild process busy</dt>
          <dd>
            {formatDurationUs(fanout.guildBusyUs)}{' '}
            <span className={styles.range}>
              ({formatBusyRange(fanout)} at {SEND_US_MIN} to {SEND_US_MAX} µs)
            </span>
          </dd>
        </div>
        <div>
          <dt>Messages between machines</dt>
          <dd>{formatCount(fanout.interNodeMessages)}</dd>
        </div>
        <div>
          <dt>Events a second it can fan out</dt>
          <dd>{formatEventsPerSecond(fanout.maxEventsPerSecond)}</dd>
        </div>
      </dl>

      <p className={styles.summary} aria-live="polite">
        {formatCount(fanout.onlineSessions)} people online means {formatCount(fanout.onlineSessions)} session processes.{' '}
        {input.manifold
          ? `With Manifold the guild process sends ${formatCount(fanout.guildSends)} batches, one per node, and each node does its own sends; the last session has the event after at most ${formatDurationUs(fanout.lastDeliveryUs)}.`
          : `Without batching the guild process sends to each of them in turn and is busy for ${formatDurationUs(fanout.guildBusyUs)}: any other event in the guild waits that long.`}
      </p>

      <DataTable data={table} />
    </>
  );
});

/**
 * The replay: the drawing and the clock line, the only part that changes every frame. The clock is a ref and
 * each frame writes the few things it moves (the nodes' fills, the send counter, the clock line) straight into
 * the DOM, so a playing replay renders no React at all; React renders the drawing when the fan-out, the width
 * or "still sending" changes. (Rendering per frame, first the whole figure and then this component, kept the
 * main thread over 100 % busy with the CPU slowed 4x.)
 */
function Replay({ fanout, inputKey }: { fanout: Fanout; inputKey: string }) {
  // The replay clock is animation state, not an input: it restarts whenever the inputs change.
  const clock = useRef({ key: inputKey, elapsedUs: 0 });
  const container = useRef<HTMLDivElement>(null);
  const drawing = useRef<SVGSVGElement>(null);
  const line = useRef<HTMLParagraphElement>(null);
  const [sending, setSending] = useState(true);

  const paint = useCallback(() => {
    if (clock.current.key !== inputKey) clock.current = { key: inputKey, elapsedUs: 0 };
    const progress = fanoutProgress(fanout, clock.current.elapsedUs);
    if (drawing.current) paintProgress(drawing.current, fanout, progress);
    const paragraph = line.current;
    if (paragraph) {
      const delivered = String(progress.delivered);
      const text = `Real time: ${formatCount(progress.delivered)} of ${formatCount(fanout.onlineSessions)} sessions have the event after ${formatDurationUs(
        Math.min(progress.elapsedUs, fanout.lastDeliveryUs),
      )}.`;
      if (paragraph.dataset.delivered !== delivered) paragraph.dataset.delivered = delivered;
      if (paragraph.textContent !== text) paragraph.textContent = text;
    }
    setSending(!progress.done && progress.guildSendsDone < fanout.guildSends);
  }, [fanout, inputKey]);

  const loop = useFrameLoop(
    container,
    (dtMs) => {
      const elapsedUs = clock.current.key === inputKey ? clock.current.elapsedUs : 0;
      clock.current = { key: inputKey, ...stepFanoutClock({ elapsedUs }, fanout, dtMs) };
      paint();
    },
    { stepMs: STEP_MS },
  );
  // After every render (new inputs, a new width, the edges' colour): the drawing's moving parts from the clock,
  // unless the replay plays, when its next frame (at most one away) paints them: at every step of a drag while
  // it played, painting here as well wrote every node's fill twice a frame.
  // (The first render is always painted: the clock line's text is there from the start.)
  const { playing } = loop;
  const painted = useRef(false);
  useLayoutEffect(() => {
    if (!playing || !painted.current) paint();
    painted.current = true;
  });

  return (
    <Stage>
      <div className={styles.replay} ref={container}>
        <FanoutView fanout={fanout} sending={sending} svgRef={drawing} />

        <div className={styles.footer}>
          <PlayControls loop={loop} />
          <p className={styles.clock} data-testid="fanout-progress" ref={line} />
        </div>
      </div>
    </Stage>
  );
}
