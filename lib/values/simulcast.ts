/** Chapter 4 (simulcast): the five friends at the figure's defaults, and the policy's parameters. */
import { DEFAULT_VOICE_STREAM } from '@/lib/bandwidth';
import { DEFAULT_KEYFRAME_RETRY_MS } from '@/lib/simulcast/keyframeGate';
import { DEFAULT_ROOM_INPUTS, simulcastRoom, roomLadder } from '@/lib/simulcast/room';
import { DEFAULT_UPGRADE_HEADROOM_RATIO } from '@/lib/simulcast/selectLayer';
import { SWITCH_ANIMATION_SPEED } from '@/lib/simulcast/switchSim';
import { formatCount, formatKbps, formatMbps, formatMs, formatPercent, formatTimes } from '@/lib/units';
import { valueGroup } from './define';

const room = () => simulcastRoom(DEFAULT_ROOM_INPUTS);
const friendIndex = (name: string) => {
  const index = DEFAULT_ROOM_INPUTS.friends.findIndex((friend) => friend.name === name);
  if (index < 0) throw new Error(`no ${name} among the default friends`);
  return index;
};
const kbps = (value: number) => formatKbps(value);

export const simulcastValues = valueGroup('simulcast', {
  'simulcast.friendA.layer': {
    description: 'The layer the policy gives Friend A (fibre, full screen) at the defaults',
    compute: () => room().friends[friendIndex('Friend A')].layer!.height,
    format: (height) => `${height}p`,
  },
  'simulcast.friendB.layer': {
    description: 'The layer the policy gives Friend B (a phone on a weak link) at the defaults',
    compute: () => room().friends[friendIndex('Friend B')].layer!.height,
    format: (height) => `${height}p`,
  },
  'simulcast.friendD.link': {
    description: 'Friend D’s link at the figure’s defaults',
    compute: () => DEFAULT_ROOM_INPUTS.friends[friendIndex('Friend D')].linkKbps,
    format: formatMbps,
  },
  'simulcast.friendD.layer': {
    description: 'The layer the policy gives Friend D at the defaults (limited by the link)',
    compute: () => room().friends[friendIndex('Friend D')].layer!.height,
    format: (height) => `${height}p`,
  },
  'simulcast.upgradeHeadroom': {
    description: 'How much more than a layer’s top rate a link must carry to climb to it (hysteresis)',
    compute: () => DEFAULT_UPGRADE_HEADROOM_RATIO - 1,
    format: (share) => formatPercent(share),
  },
  'simulcast.keyframeRetry': {
    description: 'How long the server waits for a keyframe before asking again',
    compute: () => DEFAULT_KEYFRAME_RETRY_MS,
    format: formatMs,
  },
  'simulcast.animationSpeed': {
    description: 'The speed at which the figure plays a layer switch, as a share of real time',
    compute: () => SWITCH_ANIMATION_SPEED,
    format: (speed) => `1/${formatCount(1 / speed)}`,
  },
  'simulcast.topLayerOverVoice': {
    description: 'How many voice streams one 720p layer at its top rate weighs (libwebrtc’s 2,500 kbps over 80 kbps)',
    compute: () => roomLadder('720p').at(-1)!.maxKbps / DEFAULT_VOICE_STREAM.wireKbps,
    format: (ratio) => formatTimes(ratio, 0),
  },
  'simulcast.room.uploadKbps': {
    description: 'The streamer’s upload with simulcast at the defaults (layers nobody watches paused)',
    compute: () => room().uploadKbps,
    format: kbps,
  },
  'simulcast.room.egressKbps': {
    description: 'The server’s egress with simulcast at the defaults: what the friends download',
    compute: () => room().egressKbps,
    format: kbps,
  },
  'simulcast.topToAll.egressKbps': {
    description: 'The server’s egress if every friend got the top layer, watching or not',
    compute: () => room().topLayerToAll.egressKbps,
    format: kbps,
  },
  'simulcast.topToAll.overSimulcast': {
    description: 'How many times simulcast’s egress the top layer to everyone costs',
    compute: () => room().topLayerToAll.egressKbps / room().egressKbps,
    format: (ratio) => formatTimes(ratio),
  },
  'simulcast.topToAll.linksTooSlow': {
    description: 'Friends whose link could not carry the top layer at the defaults',
    compute: () => room().topLayerToAll.friendsWhoseLinkIsTooSlow,
    format: formatCount,
  },
  'simulcast.single.kbps': {
    description: 'One stream no faster than the slowest watching link (Go Live’s documented approach): its bitrate',
    compute: () => room().singleStream.kbps,
    format: kbps,
  },
  'simulcast.single.egressKbps': {
    description: 'The server’s egress for that one stream, to every friend watching',
    compute: () => room().singleStream.egressKbps,
    format: kbps,
  },
  'simulcast.uploadOverSingle': {
    description: 'How many times the single stream’s upload simulcast asks of the streamer',
    compute: () => room().uploadKbps / room().singleStream.kbps,
    format: (ratio) => formatTimes(ratio),
  },
});
