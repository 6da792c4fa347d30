import { describe, expect, it } from 'vitest';
import {
  LAYER_PAUSE_HOLD_MS,
  applyLayerRequest,
  createLayerDemand,
  updateLayerDemand,
  viewerWantedRids,
  wantedLayers,
  type LayerViewer,
} from '@/lib/simulcast/layerDemand';
import { roomServerMessages } from '@/lib/protocol/room';
import { serverMessage } from '@/lib/protocol/messages';
import type { PublishedLayer, ViewerConditions } from '@/lib/simulcast/selectLayer';

const LAYERS: PublishedLayer[] = [
  { rid: 'f', width: 1280, height: 720, maxKbps: 2500, active: true },
  { rid: 'q', width: 320, height: 180, maxKbps: 200, active: true },
  { rid: 'h', width: 640, height: 360, maxKbps: 700, active: true },
];

function viewer(tileWidthPx: number, tileHeightPx: number, extra: Partial<ViewerConditions> = {}, currentRid: string | null = null): LayerViewer {
  return { conditions: { availableKbps: 10_000, tileWidthPx, tileHeightPx, visible: true, ...extra }, currentRid };
}

describe('the layers a publisher is asked to send (lib/simulcast/layerDemand)', () => {
  it('is the union of what the viewers’ policies select, smallest first, and always the smallest layer', () => {
    expect(wantedLayers(LAYERS, [viewer(274, 154), viewer(274, 154)])).toEqual(['q']);
    expect(wantedLayers(LAYERS, [viewer(274, 154), viewer(640, 360)])).toEqual(['q', 'h']);
    expect(wantedLayers(LAYERS, [viewer(1280, 720), viewer(274, 154)])).toEqual(['q', 'f']);
    // Nobody watching (hidden tiles, video off, no viewers at all): the smallest layer still runs.
    expect(wantedLayers(LAYERS, [viewer(1280, 720, { visible: false }), viewer(1280, 720, { videoOff: true })])).toEqual(['q']);
    expect(wantedLayers(LAYERS, [])).toEqual(['q']);
  });

  it('decides as if every announced layer were on, so a viewer can ask for a paused one', () => {
    const paused = LAYERS.map((l) => (l.rid === 'q' ? l : { ...l, active: false }));
    expect(viewerWantedRids(paused, viewer(1280, 720))).toEqual(['f']);
    expect(viewerWantedRids(paused, viewer(274, 154, { forcedRid: 'h' }))).toEqual(['h']);
    // The link still decides: 700 kbps x 1.2 headroom does not fit in 600.
    expect(viewerWantedRids(paused, viewer(1280, 720, { availableKbps: 600 }))).toEqual(['q']);
  });

  it('keeps the layer a viewer is receiving until its switch down completes', () => {
    expect(viewerWantedRids(LAYERS, viewer(274, 154, {}, 'f'))).toEqual(['q', 'f']);
    expect(viewerWantedRids(LAYERS, viewer(274, 154, {}, 'q'))).toEqual(['q']);
    expect(viewerWantedRids(LAYERS, viewer(274, 154, { visible: false }, 'h'))).toEqual(['h']);
  });

  it('turns a layer on at once and off only after nobody wanted it for the hold time', () => {
    let demand = createLayerDemand(LAYERS, 0);
    expect(demand.requested).toEqual(['q', 'h', 'f']);
    demand = updateLayerDemand(demand, LAYERS, ['q'], 1000);
    expect(demand.requested).toEqual(['q', 'h', 'f']);
    demand = updateLayerDemand(demand, LAYERS, ['q'], LAYER_PAUSE_HOLD_MS - 1);
    expect(demand.requested).toEqual(['q', 'h', 'f']);
    demand = updateLayerDemand(demand, LAYERS, ['q'], LAYER_PAUSE_HOLD_MS);
    expect(demand.requested).toEqual(['q']);
    demand = updateLayerDemand(demand, LAYERS, ['f'], LAYER_PAUSE_HOLD_MS + 10);
    expect(demand.requested).toEqual(['q', 'f']);
    // A tile resized up and down every second keeps its layer on: no flapping.
    for (let t = LAYER_PAUSE_HOLD_MS + 1010; t < LAYER_PAUSE_HOLD_MS * 4; t += 1000) {
      demand = updateLayerDemand(demand, LAYERS, t % 2000 < 1000 ? ['f'] : ['q'], t);
      expect(demand.requested).toEqual(['q', 'f']);
    }
  });

  it('returns the same demand when nothing changed, and ignores layers the publisher does not have', () => {
    const demand = updateLayerDemand(createLayerDemand(LAYERS, 0), LAYERS, ['q'], LAYER_PAUSE_HOLD_MS);
    expect(updateLayerDemand(demand, LAYERS, ['q'], LAYER_PAUSE_HOLD_MS)).toBe(demand);
    expect(updateLayerDemand(demand, LAYERS, ['x'], LAYER_PAUSE_HOLD_MS + 5).requested).toEqual(['q']);
    expect(() => updateLayerDemand(demand, LAYERS, ['q'], 0, -1)).toThrow(RangeError);
    expect(() => createLayerDemand([], 0)).toThrow(/at least one layer/);
  });
});

describe('a browser applying the server’s layer request (applyLayerRequest)', () => {
  const encodings = [
    { rid: 'q', active: true, maxBitrate: 200_000 },
    { rid: 'h', active: true, maxBitrate: 700_000 },
    { rid: 'f', active: true, maxBitrate: 2_500_000 },
  ];

  it('turns exactly the requested encodings on, keeping every other parameter', () => {
    expect(applyLayerRequest(encodings, ['q'])).toEqual([
      { rid: 'q', active: true, maxBitrate: 200_000 },
      { rid: 'h', active: false, maxBitrate: 700_000 },
      { rid: 'f', active: false, maxBitrate: 2_500_000 },
    ]);
    expect(applyLayerRequest(encodings, ['f', 'q']).map((e) => e.active)).toEqual([true, false, true]);
    expect(encodings.every((e) => e.active)).toBe(true);
  });

  it('refuses, with a reason and without changing anything, a request that does not fit the sender', () => {
    expect(() => applyLayerRequest(encodings, [])).toThrow(/at least one layer/);
    expect(() => applyLayerRequest(encodings, ['q', 'q'])).toThrow(/twice/);
    expect(() => applyLayerRequest(encodings, ['q', 'x'])).toThrow(/names x, which this sender does not send \(it has q, h, f\)/);
    expect(encodings.every((e) => e.active)).toBe(true);
  });

  it('the message itself is checked at the socket: a list of 1-8 short RIDs', () => {
    const ok = { type: 'publish-layers', rids: ['q', 'h'] };
    expect(serverMessage.safeParse(ok).success).toBe(true);
    expect(roomServerMessages.some((m) => m.safeParse(ok).success)).toBe(true);
    for (const bad of [{ type: 'publish-layers', rids: [] }, { type: 'publish-layers', rids: [''] }, { type: 'publish-layers', rids: ['x'.repeat(17)] }, { type: 'publish-layers' }, { type: 'publish-layers', rids: 'q' }]) {
      expect(serverMessage.safeParse(bad).success).toBe(false);
    }
  });
});
