'use client';
import {
  ROOM_PEOPLE_BOUNDS,
  roomBandwidth,
  roomTable,
  talkerBounds,
  TOPOLOGY_LABELS,
  UPLINK_IDS,
  UPLINKS,
  VIDEO_LAYER_IDS,
  type Topology,
  type UplinkId,
  type VideoLayerId,
} from '@/lib/bandwidth';
import { formatCount } from '@/lib/units';
import { sources } from '@/lib/sources';
import type { StoreApi } from 'zustand/vanilla';
import { useFigureStore, useInputs, useStore } from '@/components/figures/useFigureStore';
import { StoreSlider } from '@/components/figures/StoreSlider';
import { memo, useRef } from 'react';
import { useChangingMark } from '@/components/figures/useChangingMark';
import { DataTable } from '@/components/figures/DataTable';
import { useSettledSelection } from '@/components/hooks/useSettled';
import { Slider } from '@/components/controls/Slider';
import { Segmented } from '@/components/controls/Segmented';
import { Toggle } from '@/components/controls/Toggle';
import { Stage, Workbench } from '@/components/figures/Workbench';
import { DEFAULT_ROOM_INPUTS, toRoomInput, type RoomInputs } from './inputs';
import { RoomView } from './RoomView';
import { Meters, formatMeterKbps, type HeldPeople } from './Meters';
import styles from './Figure.module.css';

const TOPOLOGY_OPTIONS = (['mesh', 'sfu', 'mcu'] as const).map((value) => ({ value, label: value === 'mesh' ? 'Mesh' : value.toUpperCase() }));
const LAYER_OPTIONS = VIDEO_LAYER_IDS.map((value) => ({ value, label: value }));
const UPLINK_OPTIONS = UPLINK_IDS.map((value) => ({ value, label: UPLINKS[value].label }));

/** N people in a voice room, wired as a mesh, through an SFU or through an MCU. */
export default function RoomFigure() {
  const store = useFigureStore<RoomInputs>(() => ({ ...DEFAULT_ROOM_INPUTS }));
  // The figure renders for the choices made by clicking (wiring, toggles, layer, link); the two sliders, the
  // room and its meters subscribe to the counts themselves, so a step of a drag renders only them.
  const topology = useStore(store, (s) => s.topology);
  const vad = useStore(store, (s) => s.vad);
  const video = useStore(store, (s) => s.video);
  const layer = useStore(store, (s) => s.layer);
  const uplinkId = useStore(store, (s) => s.uplink);
  const uplink = UPLINKS[uplinkId];
  const source = sources[uplink.source];
  const later = useSettledSelection(store, (s) => s);

  const set = (patch: Partial<RoomInputs>) => store.setState(patch);

  return (
    <div className={styles.figure}>
      <Workbench>
        <Stage className={styles.stage}>
          <LiveRoom store={store} />
        </Stage>
        <div className="controls">
          <Segmented<Topology> label="Wiring" name="topology" options={TOPOLOGY_OPTIONS} value={topology} onChange={(t) => set({ topology: t })} />
          <StoreSlider store={store} field="people" label="People in the channel" name="people" {...ROOM_PEOPLE_BOUNDS} format={formatPeople} />
          <TalkersSlider store={store} />
          <Toggle label="Voice activity detection (silence sends nothing)" name="vad" checked={vad} onChange={(v) => set({ vad: v })} />
          <Toggle label="Talkers’ cameras on" name="video" checked={video} onChange={(v) => set({ video: v })} />
          {video && (
            <Segmented<VideoLayerId> label="Camera layer" name="layer" options={LAYER_OPTIONS} value={layer} onChange={(l) => set({ layer: l })} />
          )}
          <Segmented<UplinkId> label="Home connection" name="uplink" options={UPLINK_OPTIONS} value={uplinkId} onChange={(id) => set({ uplink: id })} />
          <p className={styles.uplinkNote}>
            {uplink.description} (
            <a href={source.url} target="_blank" rel="noreferrer">
              {source.publisher}
            </a>
            {'caution' in source && source.caution ? `, ${source.caution}` : ''}).
          </p>
        </div>
      </Workbench>

      <RoomReadouts inputs={later} />
    </div>
  );
}

const formatPeople = (n: number) => formatCount(n);

/**
 * The room drawing and the per-person meters: what a drag of either slider changes. The view renders once (its
 * drawing and legend subscribe to the counts they show); the meters render at each step.
 */
function LiveRoom({ store }: { store: StoreApi<RoomInputs> }) {
  return (
    <>
      <RoomView store={store} />
      <LiveMeters store={store} />
    </>
  );
}

/**
 * The meters, at each step; a bar eases to a new length after a click or a key press, but follows a drag at once.
 * A panel with nobody in it (nobody talking, or everyone) is held at the height it has one step away.
 */
function LiveMeters({ store }: { store: StoreApi<RoomInputs> }) {
  const inputs = useInputs(store);
  const ref = useRef<HTMLDivElement>(null);
  useChangingMark(store, ref);
  const room = roomBandwidth(toRoomInput(inputs));
  const held: HeldPeople = {
    talker: room.talker ? null : roomBandwidth(toRoomInput({ ...inputs, talkers: 1 })).talker,
    listener: room.listener ? null : roomBandwidth(toRoomInput({ ...inputs, talkers: inputs.people - 1 })).listener,
  };
  return <Meters ref={ref} room={room} held={held} uplink={UPLINKS[inputs.uplink]} />;
}

/** Talkers, from nobody to everyone: its range follows the people slider. */
function TalkersSlider({ store }: { store: StoreApi<RoomInputs> }) {
  const people = useStore(store, (s) => s.people);
  const talkers = useStore(store, (s) => Math.min(s.talkers, s.people));
  return (
    <Slider
      label="Talking right now"
      name="talkers"
      {...talkerBounds(people)}
      value={talkers}
      onChange={(t) => store.setState({ talkers: t })}
      format={formatPeople}
    />
  );
}

/**
 * The summary sentence and the data table follow a settled copy of the inputs (useSettled): a drag renders the
 * room and its meters each step, these once the reader stops (and the live region speaks the value stopped at).
 */
const RoomReadouts = memo(function RoomReadouts({ inputs }: { inputs: RoomInputs }) {
  const room = roomBandwidth(toRoomInput(inputs));
  const uplink = UPLINKS[inputs.uplink];
  const worst = room.talker ?? room.listener;
  return (
    <>
      <p className={styles.summary} aria-live="polite" data-testid="room-summary">
        {TOPOLOGY_LABELS[room.topology]}, {formatCount(room.people)} people, {formatCount(room.talkers)} talking:{' '}
        {worst
          ? `the busiest person uploads ${formatMeterKbps(room.maxUploadKbps)} and downloads ${formatMeterKbps(room.maxDownloadKbps)}${room.maxUploadKbps > uplink.uploadKbps ? `, more than a ${uplink.label} connection can send` : ''}.`
          : 'nobody sends anything.'}
      </p>

      <DataTable data={roomTable(room)} />
    </>
  );
});
