/** Chapter 3 (voice activity): what each sending policy costs, and the room's saving, from lib/vad. */
import { continuousWireKbps, DEFAULT_VOICE_STREAM } from '@/lib/vad/packets';
import { DEFAULT_ROOM, ROOM_LIMITS, roomTraffic, talkShare } from '@/lib/vad/room';
import { formatCount, formatKbps, formatMs, formatPercent } from '@/lib/units';
import { valueGroup } from './define';

const saving = (people: number) => roomTraffic('vad', { people, speakingAtOnce: DEFAULT_ROOM.speakingAtOnce, serverMuted: 0 }).savingVsContinuous;

export const vadValues = valueGroup('vad', {
  'vad.continuousKbps': {
    description: 'One microphone sending every frame: Opus at 64 kbps plus 40 bytes of headers per packet',
    compute: () => continuousWireKbps(DEFAULT_VOICE_STREAM),
    format: (kbps) => formatKbps(kbps),
  },
  'vad.dtxIntervalMs': {
    description: 'One DTX update per this much silence [secondary], the model’s figure',
    compute: () => DEFAULT_VOICE_STREAM.dtxIntervalMs,
    format: formatMs,
  },
  'vad.dtxPacketsPerSecond': {
    description: 'Packets a second a silent person still sends under DTX',
    compute: () => 1000 / DEFAULT_VOICE_STREAM.dtxIntervalMs,
    format: (n) => n.toLocaleString('en-US', { maximumFractionDigits: 1 }),
  },
  'vad.room.people': {
    description: 'People in the room figure’s channel at its defaults',
    compute: () => DEFAULT_ROOM.people,
    format: formatCount,
  },
  'vad.room.talkShare': {
    description: 'Share of the time each person talks there: one talker at a time over the channel',
    compute: () => talkShare(DEFAULT_ROOM),
    format: (share) => formatPercent(share),
  },
  'vad.room.saving': {
    description: 'Share of the server’s outgoing voice traffic VAD removes at the defaults',
    compute: () => saving(DEFAULT_ROOM.people),
    format: (share) => formatPercent(share),
  },
  'vad.saving.smallest': {
    description: 'VAD’s saving in the smallest room the figure offers (two people, one talking at a time)',
    compute: () => saving(ROOM_LIMITS.minPeople),
    format: (share) => formatPercent(share),
  },
  'vad.saving.largest': {
    description: 'VAD’s saving in the largest room the figure offers',
    compute: () => saving(ROOM_LIMITS.maxPeople),
    format: (share) => formatPercent(share),
  },
  'vad.room.maxPeople': {
    description: 'The largest room the figure offers',
    compute: () => ROOM_LIMITS.maxPeople,
    format: formatCount,
  },
});
