import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ROOM_INPUTS,
  chooseFriendLayers,
  layerLabel,
  simulcastRoom,
  simulcastRoomTable,
  type SimulcastRoomInputs,
} from '../../lib/simulcast/room';

function withFriend(index: number, patch: Partial<SimulcastRoomInputs['friends'][number]>, base = DEFAULT_ROOM_INPUTS): SimulcastRoomInputs {
  return { ...base, friends: base.friends.map((friend, i) => (i === index ? { ...friend, ...patch } : friend)) };
}

describe('simulcast room: the five friends at default settings', () => {
  const outcome = simulcastRoom(DEFAULT_ROOM_INPUTS);

  it('gives Friend A (fibre, full screen) 720p, Friend B (300 kbps phone) 180p, minimized Friend C nothing', () => {
    expect(outcome.friends.map((friend) => [friend.name, friend.rid, friend.reason])).toEqual([
      ['Friend A', 'f', 'fits the window'],
      ['Friend B', 'q', 'limited by the link'],
      ['Friend C', null, 'minimized'],
      ['Friend D', 'h', 'limited by the link'],
      ['Friend E', 'q', 'fits the window'],
    ]);
  });

  it('charges each friend the rate their layer is sent at', () => {
    expect(outcome.friends.map((friend) => friend.receiveKbps)).toEqual([2500, 150, 0, 500, 150]);
  });

  it('has the streamer upload 3,150 kbps and the server send 3,300 kbps', () => {
    expect(outcome.uploadKbps).toBe(3150);
    expect(outcome.egressKbps).toBe(3300);
  });

  it('lists who gets each layer', () => {
    expect(outcome.layers.map((layer) => [layer.layer.rid, layer.sendKbps, layer.watchers])).toEqual([
      ['q', 150, ['Friend B', 'Friend E']],
      ['h', 500, ['Friend D']],
      ['f', 2500, ['Friend A']],
    ]);
  });

  it('prices 720p to all five at 12,500 kbps, too much for two of the links', () => {
    expect(outcome.topLayerToAll).toEqual({ perFriendKbps: 2500, egressKbps: 12_500, friendsWhoseLinkIsTooSlow: 2 });
  });

  it('holds a single stream to the slowest watching link: 300 kbps for four watchers', () => {
    expect(outcome.singleStream).toEqual({ kbps: 300, egressKbps: 1200 });
  });
});

describe('simulcast room: the reader changes things', () => {
  it('stops sending to Friend A when A minimizes, and pauses the 720p layer nobody watches', () => {
    const outcome = simulcastRoom(withFriend(0, { minimized: true }));
    expect(outcome.friends[0].rid).toBeNull();
    expect(outcome.ladder.map((layer) => layer.active)).toEqual([true, true, false]);
    expect(outcome.uploadKbps).toBe(850);
    expect(outcome.egressKbps).toBe(150 + 700 + 150);
  });

  it('keeps encoding the unwatched 720p layer when pausing is off', () => {
    const inputs = { ...withFriend(0, { minimized: true }), pauseUnwatched: false };
    const outcome = simulcastRoom(inputs);
    expect(outcome.ladder.every((layer) => layer.active)).toBe(true);
    expect(outcome.uploadKbps).toBe(3150);
    expect(outcome.layers[2].watchers).toEqual([]);
    expect(outcome.egressKbps).toBe(150 + 500 + 150);
  });

  it('uploads nothing when every friend has minimized the stream', () => {
    const inputs = { ...DEFAULT_ROOM_INPUTS, friends: DEFAULT_ROOM_INPUTS.friends.map((friend) => ({ ...friend, minimized: true })) };
    const outcome = simulcastRoom(inputs);
    expect(outcome.uploadKbps).toBe(0);
    expect(outcome.egressKbps).toBe(0);
    expect(outcome.singleStream).toEqual({ kbps: 0, egressKbps: 0 });
  });

  it('sends nothing to a friend on 150 kbps', () => {
    const outcome = simulcastRoom(withFriend(1, { linkKbps: 150 }));
    expect(outcome.friends[1]).toMatchObject({ rid: null, receiveKbps: 0, reason: 'link too slow' });
  });

  it('gives a 360p source only two layers, so full-screen Friend A gets 360p', () => {
    const outcome = simulcastRoom({ ...DEFAULT_ROOM_INPUTS, source: '360p' });
    expect(outcome.ladder.map((layer) => layer.height)).toEqual([180, 360]);
    expect(outcome.friends[0].layer?.height).toBe(360);
    expect(outcome.topLayerToAll.perFriendKbps).toBe(700);
  });

  it('moves Friend D from 360p down to 180p at once when the link drops from 2,000 to 600 kbps', () => {
    const before = withFriend(3, { linkKbps: 2000 });
    const rids = chooseFriendLayers(before);
    expect(rids[3]).toBe('h');
    const after = withFriend(3, { linkKbps: 600 }, before);
    expect(chooseFriendLayers(after, rids)[3]).toBe('q');
  });

  it('remembers the previous layer: a friend on 360p stays there at 700 kbps, a fresh one gets 180p', () => {
    const inputs = withFriend(1, { linkKbps: 700, window: 'window' });
    const fresh = chooseFriendLayers(inputs);
    expect(fresh[1]).toBe('q');
    const kept = chooseFriendLayers(inputs, ['f', 'h', null, 'h', 'q']);
    expect(kept[1]).toBe('h');
  });

  it('treats a chosen layer the source no longer has as nothing', () => {
    const outcome = simulcastRoom({ ...DEFAULT_ROOM_INPUTS, source: '180p' }, ['f', 'q', null, 'h', 'q']);
    expect(outcome.friends.map((friend) => friend.rid)).toEqual(['f', null, null, null, null]);
  });
});

describe('simulcast room: data table', () => {
  it('has a row per friend, per layer, and four totals, with the model numbers', () => {
    const table = simulcastRoomTable(DEFAULT_ROOM_INPUTS);
    expect(table.columns).toEqual(['Who', 'Conditions', 'Gets', 'kbps']);
    expect(table.rows).toHaveLength(5 + 3 + 4);
    expect(table.rows[0]).toEqual(['Friend A', '100 Mbps link, full screen', '720p (fits the window)', 2500]);
    expect(table.rows[2]).toEqual(['Friend C', '10 Mbps link, window, minimized', 'nothing (minimized)', 0]);
    expect(table.rows[5]).toEqual(["Streamer's 180p layer", '320×180', 'sent to Friend B, Friend E', 150]);
    expect(table.rows.slice(8).map((row) => [row[0], row[3]])).toEqual([
      ['Streamer upload', 3150],
      ['Server egress', 3300],
      ['Top layer to everyone', 12_500],
      ['One stream for all (Go Live, as Discord documents it)', 1200],
    ]);
  });
});

describe('layer names', () => {
  it('names a layer by its short side, the same everywhere: 180p, 360p, 720p', () => {
    expect([layerLabel({ width: 320, height: 180 }), layerLabel({ width: 640, height: 360 }), layerLabel({ width: 1280, height: 720 })]).toEqual(['180p', '360p', '720p']);
  });

  it('calls a phone held upright (720x1280) 720p, not 1280p', () => {
    expect(layerLabel({ width: 720, height: 1280 })).toBe('720p');
  });

  it('says "nothing" for no layer', () => {
    expect(layerLabel(null)).toBe('nothing');
  });
});
