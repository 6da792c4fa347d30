import { describe, expect, it } from 'vitest';
import {
  DEFAULT_AUTOSCALE_INPUTS,
  EGRESS_KBPS_PER_VOICE_USER,
  REGION_PEAK_USERS,
  TICKS_PER_DAY,
  autoscaleTable,
  clockOfTick,
  createPool,
  createRegion,
  dailyDemand,
  DEFAULT_DEMAND,
  fleetAverages2018,
  guildArrivals,
  pickLeastUtilised,
  regionTable,
  regionTotals,
  replayRegion,
  serverCapacityUsers,
  serverOfGuild,
  serverReports,
  serversWanted,
  simulateAutoscaleDay,
  stepPool,
  stepRegion,
  type PoolParams,
  type RegionState,
} from '@/lib/voiceservers';

const CAPACITY = 1000;

function regionWith(...events: Parameters<typeof stepRegion>[1][]): RegionState {
  return events.reduce(stepRegion, createRegion(3, CAPACITY));
}

describe('capacity derived from the 2018 fleet', () => {
  it('derives about 84.6 kbps of egress per voice user from 220 Gbps over 2.6 million users', () => {
    expect(EGRESS_KBPS_PER_VOICE_USER).toBeCloseTo(84.615384, 5);
  });

  it('fits 11,818 voice users on a server whose (assumed) 1 Gbps port is full', () => {
    expect(serverCapacityUsers()).toBe(11_818);
    expect(serverCapacityUsers(10)).toBe(118_181);
  });

  it('puts an average 2018 server at about 3,059 users, a quarter of that port, and a region at 200,000 users', () => {
    const averages = fleetAverages2018();
    expect(averages.usersPerServer).toBeCloseTo(3058.82, 2);
    expect(averages.nicShareUsed).toBeCloseTo(0.2588, 4);
    expect(averages.usersPerRegion).toBe(200_000);
    expect(REGION_PEAK_USERS).toBe(200_000);
  });
});

describe('placing guilds on voice servers (Discord’s documented scheme)', () => {
  it('sends each new guild to the least-utilised healthy server, lowest number on a tie', () => {
    const region = regionWith(
      { type: 'join', guild: { id: 0, voiceUsers: 300 } },
      { type: 'join', guild: { id: 1, voiceUsers: 100 } },
      { type: 'join', guild: { id: 2, voiceUsers: 200 } },
      { type: 'join', guild: { id: 3, voiceUsers: 50 } },
    );
    expect(region.servers.map((s) => s.guildIds)).toEqual([[0], [1, 3], [2]]);
    expect(serverReports(region).map((r) => r.voiceUsers)).toEqual([300, 150, 200]);
  });

  it('keeps every voice channel of a guild on the guild’s one server', () => {
    const region = regionWith(
      { type: 'join', guild: { id: 0, voiceUsers: 300 } },
      { type: 'join', guild: { id: 0, voiceUsers: 300 } },
    );
    expect(region.servers.map((s) => s.guildIds)).toEqual([[0], [], []]);
  });

  it('never picks a failed server, and reports it to etcd as unhealthy', () => {
    const reports = serverReports(regionWith({ type: 'fail', serverId: 0 }));
    expect(reports[0].healthy).toBe(false);
    expect(pickLeastUtilised(reports, 10, CAPACITY)).toBe(1);
  });

  it('moves a failed server’s guilds to the others, largest first, each to the least-utilised server', () => {
    const region = regionWith(
      { type: 'join', guild: { id: 0, voiceUsers: 100 } },
      { type: 'join', guild: { id: 1, voiceUsers: 500 } },
      { type: 'join', guild: { id: 2, voiceUsers: 200 } },
      { type: 'join', guild: { id: 3, voiceUsers: 400 } }, // server 1 (100) is least used
      { type: 'fail', serverId: 0 },
    );
    // Server 0 held guilds 0 (100) and 3 (400): 400 goes to server 2 (200 < 500), then 100 to server 1 (500 < 600).
    expect(region.servers.map((s) => s.guildIds)).toEqual([[], [1, 0], [2, 3]]);
    expect(serverOfGuild(region, 3)).toBe(2);
    expect(regionTotals(region).moves).toBe(2);
  });

  it('keeps a guild that fits nowhere waiting, and places it when a server comes back', () => {
    const failed = regionWith(
      { type: 'join', guild: { id: 0, voiceUsers: 900 } },
      { type: 'join', guild: { id: 1, voiceUsers: 900 } },
      { type: 'join', guild: { id: 2, voiceUsers: 900 } },
      { type: 'fail', serverId: 1 },
    );
    expect(failed.waitingGuildIds).toEqual([1]);
    expect(regionTotals(failed)).toMatchObject({ healthyServers: 2, waitingGuilds: 1, waitingUsers: 900, moves: 0 });
    const back = stepRegion(failed, { type: 'recover', serverId: 1 });
    expect(back.waitingGuildIds).toEqual([]);
    expect(serverOfGuild(back, 1)).toBe(1);
  });

  it('draws the same 40 guild sizes from the same seed, between 10 and 3,000 people', () => {
    const guilds = guildArrivals(7, 40);
    expect(guilds.slice(0, 5).map((g) => g.voiceUsers)).toEqual([11, 14, 2630, 539, 196]);
    expect(guilds.reduce((sum, g) => sum + g.voiceUsers, 0)).toBe(20_214);
    expect(guildArrivals(7, 40)).toEqual(guilds);
  });

  it('replays the figure’s region: six servers at about a third full after one fails', () => {
    const state = replayRegion({
      serverCount: 6,
      capacityUsers: serverCapacityUsers(),
      arrivals: guildArrivals(7, 40),
      joined: 40,
      actions: [{ type: 'fail', serverId: 0, afterJoins: 40 }],
    });
    expect(regionTable(state).rows).toEqual([
      ['Voice server 1', 'failed, removed', 0, 0, '–'],
      ['Voice server 2', 'healthy', 9, 3934, '33.3 %'],
      ['Voice server 3', 'healthy', 5, 4573, '38.7 %'],
      ['Voice server 4', 'healthy', 4, 3988, '33.7 %'],
      ['Voice server 5', 'healthy', 15, 3680, '31.1 %'],
      ['Voice server 6', 'healthy', 7, 4039, '34.2 %'],
      ['Waiting for a server', '–', 0, 0, '–'],
    ]);
  });
});

describe('a day of demand with an autoscaled and a fixed pool (the general technique)', () => {
  const params: PoolParams = {
    policy: 'autoscaled',
    capacityUsers: CAPACITY,
    headroomShare: 0.2,
    provisioningDelayMin: 10,
    minServers: 2,
    fixedServers: 0,
  };

  it('wants demand plus headroom in whole servers, never fewer than the floor', () => {
    expect(serversWanted(2500, params)).toBe(3);
    expect(serversWanted(2501, params)).toBe(4);
    expect(serversWanted(0, params)).toBe(2);
  });

  it('turns people away while new servers are still provisioning, then serves everyone', () => {
    let state = createPool(params, 1000);
    expect(state.running).toBe(2);
    const first = stepPool(state, params, 4000); // wants 5: asks for 3, ready two ticks later
    expect(first).toMatchObject({ running: 2, pending: 3, servedUsers: 2000 });
    state = first.state;
    expect(state.droppedJoins).toBe(2000);
    const second = stepPool(state, params, 4000);
    expect(second).toMatchObject({ running: 2, pending: 3, servedUsers: 2000 });
    expect(second.state.droppedJoins).toBe(2000); // the same people, not new ones
    const third = stepPool(second.state, params, 4000);
    expect(third).toMatchObject({ running: 5, pending: 0, servedUsers: 4000, utilisation: 0.8 });
  });

  it('retires one server a tick when demand falls', () => {
    const state = { ...createPool(params, 4000), running: 5 };
    expect(stepPool(state, params, 500).running).toBe(4);
  });

  it('keeps a server through a dip shorter than the 30-minute stabilisation window', () => {
    let state = createPool(params, 4000); // wants 5
    for (let i = 0; i < 3; i += 1) state = stepPool(state, params, 4000).state;
    expect(state.running).toBe(5);
    const dip = stepPool(state, params, 500);
    expect(dip.running).toBe(5);
    let after = dip.state;
    for (let i = 0; i < 4; i += 1) after = stepPool(after, params, 500).state;
    expect(after.running).toBe(5); // 4000 is still in the window
    expect(stepPool(after, params, 500).running).toBe(4);
  });

  it('gives a day of 288 five-minute ticks with an evening peak near 269,000 users with the surge, seeded', () => {
    const demand = dailyDemand(DEFAULT_DEMAND);
    expect(demand).toHaveLength(TICKS_PER_DAY);
    expect(Math.max(...demand)).toBe(268_852);
    expect(Math.min(...demand)).toBe(48_191);
    expect(dailyDemand(DEFAULT_DEMAND)).toEqual(demand);
    expect(clockOfTick(215)).toBe('17:55');
  });

  it('at 20 % headroom and 15 min provisioning, the autoscaled pool rides the surge the fixed pool drops', () => {
    const day = simulateAutoscaleDay(DEFAULT_AUTOSCALE_INPUTS);
    expect(autoscaleTable(day).rows).toEqual([
      ['Autoscaled pool', '6–28', 341, '78.4 %', '99.4 %', 0],
      ['Fixed pool', '21', 504, '52.8 %', '100.0 %', 37_233],
    ]);
  });

  it('drops joins in the autoscaled pool too when provisioning takes 30 minutes', () => {
    const day = simulateAutoscaleDay({ headroomShare: 0.2, provisioningDelayMin: 30, surge: true });
    expect(day.autoscaled.droppedJoins).toBe(32_169);
  });

  it('with 30 % headroom the fixed pool survives the surge, at 552 server-hours against 367', () => {
    const day = simulateAutoscaleDay({ headroomShare: 0.3, provisioningDelayMin: 15, surge: true });
    expect(autoscaleTable(day).rows).toEqual([
      ['Autoscaled pool', '6–30', 367, '72.7 %', '94.6 %', 0],
      ['Fixed pool', '23', 552, '48.4 %', '98.9 %', 0],
    ]);
  });
});
