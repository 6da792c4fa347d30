'use client';
import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
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
import { useFigureStore, useInputs } from '@/components/figures/useFigureStore';
import { useFrameLoop } from '@/components/figures/useFrameLoop';
import { DataTable } from '@/components/figures/DataTable';
import { Slider } from '@/components/controls/Slider';
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
  const inputs = useInputs(store);
  const input = toFanoutInput(inputs);
  const inputKey = JSON.stringify(input);
  // Computed once per change of inputs, not per frame: only <Replay> below follows the clock.
  const { members, onlinePercent, sessionNodes, sendUs, manifold } = input;
  const { fanout, table } = useMemo(() => {
    const same: FanoutInput = { members, onlinePercent, sessionNodes, sendUs, manifold };
    return { fanout: guildFanout(same), table: fanoutTable(same) };
  }, [members, onlinePercent, sessionNodes, sendUs, manifold]);
  const set = (patch: Partial<FanoutInputs>) => store.setState(patch);

  return (
    <div className={styles.figure}>
      <Workbench>
        <Replay fanout={fanout} inputKey={inputKey} />
        <div className="controls">
          <Slider
            label="Members in the guild"
            name="members"
            {...FANOUT_BOUNDS.sizeStep}
            value={inputs.sizeStep}
            onChange={(sizeStep) => set({ sizeStep })}
            format={(step) => formatCount(GUILD_SIZE_STEPS[step])}
          />
          <Slider
            label="Online right now"
            name="online"
            {...FANOUT_BOUNDS.onlinePercent}
            value={inputs.onlinePercent}
            onChange={(onlinePercent) => set({ onlinePercent })}
            format={(p) => `${p} %`}
          />
          <Slider
            label="Session nodes (machines)"
            name="nodes"
            {...FANOUT_BOUNDS.sessionNodes}
            value={inputs.sessionNodes}
            onChange={(sessionNodes) => set({ sessionNodes })}
            format={(n) => formatCount(n)}
          />
          <Slider
            label="Cost of one send/2"
            name="send-us"
            {...FANOUT_BOUNDS.sendUs}
            value={inputs.sendUs}
            onChange={(sendUs) => set({ sendUs })}
            format={(us) => `${us} µs`}
          />
          <Toggle label="Batch sends per node with Manifold" name="manifold" checked={inputs.manifold} onChange={(manifold) => set({ manifold })} />
        </div>
      </Workbench>

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
        {inputs.manifold
          ? `With Manifold the guild process sends ${formatCount(fanout.guildSends)} batches, one per node, and each node does its own sends; the last session has the event after at most ${formatDurationUs(fanout.lastDeliveryUs)}.`
          : `Without batching the guild process sends to each of them in turn and is busy for ${formatDurationUs(fanout.guildBusyUs)}: any other event in the guild waits that long.`}
      </p>

      <DataTable data={table} />
    </div>
  );
}

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
      paragraph.dataset.delivered = String(progress.delivered);
      paragraph.textContent = `Real time: ${formatCount(progress.delivered)} of ${formatCount(fanout.onlineSessions)} sessions have the event after ${formatDurationUs(
        Math.min(progress.elapsedUs, fanout.lastDeliveryUs),
      )}.`;
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
  // After every render (new inputs, a new width, the edges' colour): the drawing's moving parts from the clock.
  useLayoutEffect(paint);

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
