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
import { useFigureStore, useInputs } from '@/components/figures/useFigureStore';
import { DataTable } from '@/components/figures/DataTable';
import { Slider } from '@/components/controls/Slider';
import { Segmented } from '@/components/controls/Segmented';
import { Toggle } from '@/components/controls/Toggle';
import { Stage, Workbench } from '@/components/figures/Workbench';
import { DEFAULT_ROOM_INPUTS, toRoomInput, type RoomInputs } from './inputs';
import { RoomView } from './RoomView';
import { Meters, formatMeterKbps } from './Meters';
import styles from './Figure.module.css';

const TOPOLOGY_OPTIONS = (['mesh', 'sfu', 'mcu'] as const).map((value) => ({ value, label: value === 'mesh' ? 'Mesh' : value.toUpperCase() }));
const LAYER_OPTIONS = VIDEO_LAYER_IDS.map((value) => ({ value, label: value }));
const UPLINK_OPTIONS = UPLINK_IDS.map((value) => ({ value, label: UPLINKS[value].label }));

/** N people in a voice room, wired as a mesh, through an SFU or through an MCU. */
export default function RoomFigure() {
  const store = useFigureStore<RoomInputs>(() => ({ ...DEFAULT_ROOM_INPUTS }));
  const inputs = useInputs(store);
  const input = toRoomInput(inputs);
  const room = roomBandwidth(input);
  const uplink = UPLINKS[inputs.uplink];
  const source = sources[uplink.source];

  const set = (patch: Partial<RoomInputs>) => store.setState(patch);
  const worst = room.talker ?? room.listener;

  return (
    <div className={styles.figure}>
      <Workbench>
        <Stage className={styles.stage}>
          <RoomView topology={room.topology} people={room.people} talkers={room.talkers} senders={room.audioSenders} />
          <Meters room={room} uplink={uplink} />
        </Stage>
        <div className="controls">
          <Segmented<Topology>
            label="Wiring"
            name="topology"
            options={TOPOLOGY_OPTIONS}
            value={inputs.topology}
            onChange={(topology) => set({ topology })}
          />
          <Slider
            label="People in the channel"
            name="people"
            {...ROOM_PEOPLE_BOUNDS}
            value={inputs.people}
            onChange={(people) => set({ people })}
            format={(n) => formatCount(n)}
          />
          <Slider
            label="Talking right now"
            name="talkers"
            {...talkerBounds(inputs.people)}
            value={input.talkers}
            onChange={(talkers) => set({ talkers })}
            format={(n) => formatCount(n)}
          />
          <Toggle label="Voice activity detection (silence sends nothing)" name="vad" checked={inputs.vad} onChange={(vad) => set({ vad })} />
          <Toggle label="Talkers’ cameras on" name="video" checked={inputs.video} onChange={(video) => set({ video })} />
          {inputs.video && (
            <Segmented<VideoLayerId>
              label="Camera layer"
              name="layer"
              options={LAYER_OPTIONS}
              value={inputs.layer}
              onChange={(layer) => set({ layer })}
            />
          )}
          <Segmented<UplinkId>
            label="Home connection"
            name="uplink"
            options={UPLINK_OPTIONS}
            value={inputs.uplink}
            onChange={(id) => set({ uplink: id })}
          />
          <p className={styles.uplinkNote}>
            {uplink.description} (
            <a href={source.url} target="_blank" rel="noreferrer">
              {source.publisher}
            </a>
            {'caution' in source && source.caution ? `, ${source.caution}` : ''}).
          </p>
        </div>
      </Workbench>

      <p className={styles.summary} aria-live="polite" data-testid="room-summary">
        {TOPOLOGY_LABELS[room.topology]}, {formatCount(room.people)} people, {formatCount(room.talkers)} talking:{' '}
        {worst
          ? `the busiest person uploads ${formatMeterKbps(room.maxUploadKbps)} and downloads ${formatMeterKbps(room.maxDownloadKbps)}${room.maxUploadKbps > uplink.uploadKbps ? `, more than a ${uplink.label} connection can send` : ''}.`
          : 'nobody sends anything.'}
      </p>

      <DataTable data={roomTable(room)} />
    </div>
  );
}
