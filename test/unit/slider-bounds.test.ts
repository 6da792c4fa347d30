import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InputBounds } from '@/lib/bounds';
import { OPUS_KBPS_BOUNDS, ROOM_PEOPLE_BOUNDS, DISCORD_DEFAULT_OPUS_KBPS } from '@/lib/bandwidth';
import { COST_LIMITS, DEFAULT_COST_INPUTS } from '@/lib/cost';
import { DEFAULT_FANOUT_INPUT, FANOUT_BOUNDS, GUILD_SIZE_STEPS } from '@/lib/guild';
import { DEFAULT_NOISE_FLEET, NOISE_FLEET_BOUNDS } from '@/lib/noise/cost';
import { DEFAULT_ROOM_INPUTS as FRIENDS, LINK_SPEED_BOUNDS, LINK_SPEEDS_KBPS } from '@/lib/simulcast/room';
import { DEFAULT_UDP_TCP_INPUTS, INPUT_RANGES } from '@/lib/transport';
import { DEFAULT_VAD_PARAMS, VAD_FRAME_MS, VAD_TUNING_BOUNDS } from '@/lib/vad/detector';
import { DEFAULT_ROOM, ROOM_BOUNDS } from '@/lib/vad/room';
import { DEFAULT_ROOM_INPUTS as MESH_ROOM } from '@/components/figures/mesh-vs-sfu/inputs';
import { DAY_BOUNDS, DEFAULT_AUTOSCALE_INPUTS, DEFAULT_CURSOR_TICK, DEFAULT_REGION_INPUTS, REGION_BOUNDS } from '@/lib/voiceservers';

const componentsDir = path.resolve(__dirname, '../../components');

function tsxFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? tsxFiles(full) : name.endsWith('.tsx') ? [full] : [];
  });
}

/** True when `value` lies within the bounds and on one of their steps. */
function onASlider(bounds: InputBounds, value: number): boolean {
  const steps = (value - bounds.min) / bounds.step;
  return value >= bounds.min && value <= bounds.max && Math.abs(steps - Math.round(steps)) < 1e-9;
}

describe('slider bounds', () => {
  it('are never typed into a figure: every <Slider> spreads its min, max and step from lib/', () => {
    const typed = tsxFiles(componentsDir).flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return [...text.matchAll(/<Slider\b[\s\S]*?\/>/g)]
        .filter((match) => /\s(min|max|step)=/.test(match[0]))
        .map((match) => `${path.relative(componentsDir, file)}: ${match[0].split('\n')[1]?.trim()}`);
    });
    expect(typed).toEqual([]);
  });

  it('hold every figure’s default input, on a step', () => {
    const cases: [string, InputBounds, number][] = [
      ['udp-vs-tcp loss', INPUT_RANGES.lossPercent, DEFAULT_UDP_TCP_INPUTS.lossPercent],
      ['udp-vs-tcp rtt', INPUT_RANGES.rttMs, DEFAULT_UDP_TCP_INPUTS.rttMs],
      ['udp-vs-tcp jitter', INPUT_RANGES.jitterMs, DEFAULT_UDP_TCP_INPUTS.jitterMs],
      ['opus bitrate', OPUS_KBPS_BOUNDS, DISCORD_DEFAULT_OPUS_KBPS],
      ['mesh people', ROOM_PEOPLE_BOUNDS, MESH_ROOM.people],
      ['vad threshold', VAD_TUNING_BOUNDS.thresholdDb, DEFAULT_VAD_PARAMS.thresholdDb],
      ['vad hangover', VAD_TUNING_BOUNDS.hangoverMs, DEFAULT_VAD_PARAMS.hangoverFrames * VAD_FRAME_MS],
      ['vad room people', ROOM_BOUNDS.people, DEFAULT_ROOM.people],
      ['vad room talking', ROOM_BOUNDS.speakingAtOnce, DEFAULT_ROOM.speakingAtOnce],
      ...FRIENDS.friends.map((friend): [string, InputBounds, number] => [`${friend.name}'s link`, LINK_SPEED_BOUNDS, LINK_SPEEDS_KBPS.indexOf(friend.linkKbps)]),
      ['noise share cleaned', NOISE_FLEET_BOUNDS.processedPercent, DEFAULT_NOISE_FLEET.processedPercent],
      ['noise core-hour price', NOISE_FLEET_BOUNDS.coreHourPriceUsd, DEFAULT_NOISE_FLEET.coreHourPriceUsd],
      ['guild size step', FANOUT_BOUNDS.sizeStep, GUILD_SIZE_STEPS.indexOf(DEFAULT_FANOUT_INPUT.members as (typeof GUILD_SIZE_STEPS)[number])],
      ['guild online', FANOUT_BOUNDS.onlinePercent, DEFAULT_FANOUT_INPUT.onlinePercent],
      ['guild nodes', FANOUT_BOUNDS.sessionNodes, DEFAULT_FANOUT_INPUT.sessionNodes],
      ['guild send cost', FANOUT_BOUNDS.sendUs, DEFAULT_FANOUT_INPUT.sendUs],
      ['region servers', REGION_BOUNDS.serverCount, DEFAULT_REGION_INPUTS.serverCount],
      ['region guilds', REGION_BOUNDS.joined, DEFAULT_REGION_INPUTS.joined],
      ['day headroom', DAY_BOUNDS.headroomShare, DEFAULT_AUTOSCALE_INPUTS.headroomShare],
      ['day delay', DAY_BOUNDS.provisioningDelayMin, DEFAULT_AUTOSCALE_INPUTS.provisioningDelayMin],
      ['day clock', DAY_BOUNDS.cursorTick, DEFAULT_CURSOR_TICK],
      ['cost hours', COST_LIMITS.voiceHoursPerDay, DEFAULT_COST_INPUTS.voiceHoursPerDay],
      ['cost people', COST_LIMITS.peoplePerChannel, DEFAULT_COST_INPUTS.peoplePerChannel],
      ['cost talking', COST_LIMITS.speakingAtOnce, DEFAULT_COST_INPUTS.speakingAtOnce],
      ['cost watched', COST_LIMITS.watchedShare, DEFAULT_COST_INPUTS.watchedShare],
      ['cost egress price', COST_LIMITS.egressUsdPerGB, DEFAULT_COST_INPUTS.egressUsdPerGB],
      ['cost server price', COST_LIMITS.serverUsdPerMonth, DEFAULT_COST_INPUTS.serverUsdPerMonth],
      ['cost subscription', COST_LIMITS.subscriptionUsdPerMonth, DEFAULT_COST_INPUTS.subscriptionUsdPerMonth],
    ];
    expect(cases.filter(([, bounds, value]) => !onASlider(bounds, value)).map(([name]) => name)).toEqual([]);
  });
});
