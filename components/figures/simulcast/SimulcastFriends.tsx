'use client';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { scaleSqrt } from 'd3';
import { DataTable } from '@/components/figures/DataTable';
import { useFigureStore, useInputs } from '@/components/figures/useFigureStore';
import { useFrameLoop } from '@/components/figures/useFrameLoop';
import { usePrefersReducedMotion } from '@/components/hooks/usePrefersReducedMotion';
import { PlayControls } from '@/components/controls/PlayControls';
import { Segmented } from '@/components/controls/Segmented';
import { Slider } from '@/components/controls/Slider';
import { Toggle } from '@/components/controls/Toggle';
import { Stage, Workbench } from '@/components/figures/Workbench';
import { LIBWEBRTC_SIMULCAST_FORMATS, type LadderLayer } from '@/lib/simulcast/publisher';
import { defaultInputs } from '@/lib/figures/inputSpec';
import {
  LINK_SPEEDS_KBPS,
  LINK_SPEED_BOUNDS,
  SOURCE_SIZES,
  SOURCE_SIZE_IDS,
  WINDOW_SIZES,
  WINDOW_SIZE_IDS,
  chooseFriendLayers,
  fiveFriendsInputs,
  layerLabel,
  roomInputsOf,
  simulcastRoom,
  simulcastRoomTable,
  type FiveFriendsInputs,
  type FriendInputs,
  type FriendSettings,
  type SimulcastRoomInputs,
  type SimulcastRoomOutcome,
  type SourceSizeId,
  type WindowSizeId,
} from '@/lib/simulcast/room';
import {
  SWITCH_ANIMATION_SPEED,
  SWITCH_SIM_STEP_MS,
  createSwitchSim,
  inFlightProgress,
  settleSwitchSim,
  stepSwitchSim,
  type SwitchEvent,
  type SwitchSimState,
} from '@/lib/simulcast/switchSim';
import { formatKbps } from '@/lib/units';
import { Diagram } from './SimulcastDiagram';
import styles from './SimulcastFriends.module.css';

/**
 * The layer each friend has now, for the inputs it was chosen for: the policy's memory for its hysteresis
 * (the SFU keeps the same per subscriber). It is the figure's own state, not an input: a link or the
 * classroom sets the inputs, and the policy chooses from there.
 */
interface Policy {
  inputs: SimulcastRoomInputs;
  chosenRids: (string | null)[];
}

const SOURCE_OPTIONS = SOURCE_SIZE_IDS.map((id) => ({ value: id, label: SOURCE_SIZES[id].label }));
const WINDOW_OPTIONS = WINDOW_SIZE_IDS.map((id) => ({ value: id, label: WINDOW_SIZES[id].label }));

function activeRidsOf(outcome: SimulcastRoomOutcome): string[] {
  return outcome.ladder.filter((layer) => layer.active).map((layer) => layer.rid);
}

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

export default function SimulcastFriends() {
  // The store holds what the reader sets, exactly as declared (fiveFriendsInputs): a link, an embed or the
  // classroom sets the same values the controls do.
  const store = useFigureStore<FiveFriendsInputs>(() => defaultInputs(fiveFriendsInputs));
  const state = useInputs(store);
  const inputs = useMemo(() => roomInputsOf(state), [state]);
  const [policy, setPolicy] = useState<Policy>(() => ({ inputs, chosenRids: chooseFriendLayers(inputs) }));
  const { chosenRids } = policy;
  const outcome = useMemo(() => simulcastRoom(inputs, chosenRids), [inputs, chosenRids]);
  const activeRids = useMemo(() => activeRidsOf(outcome), [outcome]);

  const [sim, setSim] = useState<SwitchSimState>(() => createSwitchSim(chosenRids, activeRids));
  const latest = useRef({ chosenRids, activeRids });
  useEffect(() => {
    latest.current = { chosenRids, activeRids };
  }, [chosenRids, activeRids]);

  const container = useRef<HTMLDivElement>(null);
  const onFrame = useCallback((dtMs: number) => {
    const { chosenRids: targets, activeRids: active } = latest.current;
    setSim((state) => stepSwitchSim(state, targets, active, dtMs * SWITCH_ANIMATION_SPEED));
  }, []);
  const loop = useFrameLoop(container, onFrame, { stepMs: SWITCH_SIM_STEP_MS / SWITCH_ANIMATION_SPEED });

  // Reduced motion, not playing: show where a switch ends up at once, without the animation.
  const reducedMotion = usePrefersReducedMotion();
  const settleAtOnce = reducedMotion && !loop.playing;

  // New inputs, from the controls or from outside: the policy chooses each friend's layer from the layers
  // they had (set during render, React's way of deriving state from a change).
  if (policy.inputs !== inputs) {
    // A new source has a new ladder, other friends are other people: the old layers mean nothing, start afresh.
    const restart = inputs.source !== policy.inputs.source || inputs.friends.length !== policy.inputs.friends.length;
    const rids = chooseFriendLayers(inputs, restart ? [] : policy.chosenRids);
    const active = activeRidsOf(simulcastRoom(inputs, rids));
    setPolicy({ inputs, chosenRids: rids });
    if (restart) setSim(createSwitchSim(rids, active));
    else if (settleAtOnce) setSim((current) => settleSwitchSim(current, rids, active));
  }

  const setInputs = (patch: Partial<FiveFriendsInputs>) => store.setState(patch);
  const setFriend = (index: number, patch: Partial<FriendSettings>) =>
    setInputs({ friends: state.friends.map((friend, i) => (i === index ? { ...friend, ...patch } : friend)) });

  const [wide, setWide] = useState(true);
  useEffect(() => {
    const element = container.current;
    if (!element || !('ResizeObserver' in window)) return;
    const observer = new ResizeObserver(([entry]) => setWide(entry.contentRect.width >= 600));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const labelOf = (rid: string | null) => layerLabel(outcome.ladder.find((layer) => layer.rid === rid) ?? null);
  const top = outcome.ladder[outcome.ladder.length - 1];
  const comparisonMaxKbps = Math.max(outcome.egressKbps, outcome.topLayerToAll.egressKbps, outcome.singleStream.egressKbps, 1);
  const laneWidth = useMemo(
    () => scaleSqrt().domain([0, LIBWEBRTC_SIMULCAST_FORMATS[0].maxKbps]).range([1.5, 16]),
    [],
  );

  return (
    <div ref={container} className={styles.root} data-testid="simulcast-friends">
      <Workbench>
        <Stage>
          <Diagram
            wide={wide}
            inputs={inputs}
            outcome={outcome}
            sim={sim}
            chosenRids={chosenRids}
            laneWidth={laneWidth}
            progress={(message) => inFlightProgress(message, sim.nowMs)}
          />
          <p className={styles.status} aria-live="polite" data-testid="switch-status">
            {describeEvent(sim.events.at(-1), inputs.friends, labelOf)}
          </p>
        </Stage>
        <div className="controls">
          <Segmented<SourceSizeId>
            label="Streamer shares"
            name="source"
            options={SOURCE_OPTIONS}
            value={inputs.source}
            onChange={(source) => setInputs({ source })}
          />
          <Toggle
            label="Pause layers nobody watches"
            name="pause-unwatched"
            checked={inputs.pauseUnwatched}
            onChange={(pauseUnwatched) => setInputs({ pauseUnwatched })}
          />
          <PlayControls loop={loop} />
        </div>
        <dl className={styles.stats}>
          <Stat
            name="upload"
            label="Streamer uploads"
            kbps={outcome.uploadKbps}
            detail={outcome.layers.map(({ layer, sendKbps }) => `${layerLabel(layer)} ${layer.active ? formatKbps(sendKbps) : 'paused'}`).join(' · ')}
          />
          <Stat name="egress" label="Server sends (simulcast)" kbps={outcome.egressKbps} barMax={comparisonMaxKbps} detail="each friend gets the layer that fits" />
          <Stat
            name="top-to-all"
            label={`${layerLabel(top)} to all ${inputs.friends.length}`}
            kbps={outcome.topLayerToAll.egressKbps}
            barMax={comparisonMaxKbps}
            detail={`${formatKbps(outcome.topLayerToAll.perFriendKbps)} each; ${outcome.topLayerToAll.friendsWhoseLinkIsTooSlow} of ${inputs.friends.length} links can’t carry it`}
          />
          <Stat
            name="single-stream"
            label="One stream for all (Discord’s Go Live)"
            kbps={outcome.singleStream.egressKbps}
            barMax={comparisonMaxKbps}
            detail={`everyone watching gets ${formatKbps(outcome.singleStream.kbps)}: the slowest link sets the quality`}
          />
        </dl>

        <div className={styles.friends}>
          {inputs.friends.map((friend, i) => {
            const id = slug(friend.name);
            const result = outcome.friends[i];
            const speedIndex = Math.max(0, LINK_SPEEDS_KBPS.indexOf(friend.linkKbps));
            return (
              <section key={friend.name} className={styles.friend} aria-label={friend.name} data-friend={id}>
                <h4 className={styles.friendName}>{friend.name}</h4>
                <p className={styles.gets}>
                  Gets{' '}
                  <output data-testid={`${id}-layer`} data-rid={result.rid ?? ''} className={styles[`layer${layerIndex(outcome.ladder, result.layer)}`]}>
                    {layerLabel(result.layer)}
                  </output>{' '}
                  · <output data-testid={`${id}-kbps`}>{formatKbps(result.receiveKbps)}</output>
                  <span className={styles.reason}> ({result.reason})</span>
                </p>
                <Slider
                  label="Link speed"
                  name={`${id}-link`}
                  {...LINK_SPEED_BOUNDS}
                  value={speedIndex}
                  format={(index) => formatKbps(LINK_SPEEDS_KBPS[index], { compact: true })}
                  onChange={(index) => setFriend(i, { linkKbps: LINK_SPEEDS_KBPS[index] })}
                />
                <Segmented<WindowSizeId>
                  label="Window"
                  name={`${id}-window`}
                  options={WINDOW_OPTIONS}
                  value={friend.window}
                  onChange={(window) => setFriend(i, { window })}
                />
                <Toggle label="Minimized" name={`${id}-minimized`} checked={friend.minimized} onChange={(minimized) => setFriend(i, { minimized })} />
              </section>
            );
          })}
        </div>
      </Workbench>

      <DataTable data={simulcastRoomTable(inputs, outcome)} />
    </div>
  );
}

/** 0 for the smallest layer of the ladder, up to 2; -1 for nothing. Picks the layer's colour. */
export function layerIndex(ladder: readonly LadderLayer[], layer: Pick<LadderLayer, 'rid'> | null): number {
  return layer === null ? -1 : ladder.findIndex((candidate) => candidate.rid === layer.rid);
}

function Stat({ name, label, kbps, detail, barMax }: { name: string; label: string; kbps: number; detail: string; barMax?: number }) {
  return (
    <div className={styles.stat} data-stat={name} data-kbps={kbps}>
      <dt>{label}</dt>
      <dd className={styles.statValue}>{formatKbps(kbps, { compact: true })}</dd>
      {barMax !== undefined && (
        <dd className={styles.bar} aria-hidden="true">
          <span style={{ width: `${(100 * kbps) / barMax}%` }} />
        </dd>
      )}
      <dd className={styles.statDetail}>{detail}</dd>
    </div>
  );
}

function describeEvent(event: SwitchEvent | undefined, friends: readonly FriendInputs[], labelOf: (rid: string | null) => string): string {
  if (!event) return 'Change a friend’s link, window or minimized state to see the server switch layers.';
  const who = event.friendIndex === null ? '' : friends[event.friendIndex]?.name ?? '';
  switch (event.kind) {
    case 'pli-sent':
      return `The server asks the streamer for a ${labelOf(event.rid)} keyframe (PLI) for ${who}, and keeps sending the old layer meanwhile.`;
    case 'keyframe-sent':
      return `The streamer sends a ${labelOf(event.rid)} keyframe.`;
    case 'switched':
      return `${who} switched to ${labelOf(event.rid)} on that keyframe.`;
    case 'stopped':
      return `${who} is not watching: the server stops sending at once, no keyframe needed.`;
  }
}
