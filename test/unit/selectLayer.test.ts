import { describe, expect, it } from 'vitest';
import {
  DEFAULT_UPGRADE_HEADROOM_RATIO,
  decideLayer,
  layerCoversTile,
  requiredKbpsForLayer,
  selectLayer,
  sortLayersAscending,
  type PublishedLayer,
  type ViewerConditions,
} from '../../lib/simulcast/selectLayer';

// libwebrtc's ladder for a 720p source (max kbps per layer), written out here so the policy's tests
// do not depend on the publisher model.
const q: PublishedLayer = { rid: 'q', width: 320, height: 180, maxKbps: 200, active: true };
const h: PublishedLayer = { rid: 'h', width: 640, height: 360, maxKbps: 700, active: true };
const f: PublishedLayer = { rid: 'f', width: 1280, height: 720, maxKbps: 2500, active: true };
const ladder = [q, h, f];

function viewer(overrides: Partial<ViewerConditions> = {}): ViewerConditions {
  return { availableKbps: 10_000, tileWidthPx: 1280, tileHeightPx: 720, visible: true, ...overrides };
}

describe('selectLayer: what a viewer can see', () => {
  it('gives a full-screen viewer on a fast link the 720p layer', () => {
    expect(selectLayer(ladder, viewer({ tileWidthPx: 1920, tileHeightPx: 1080 }), null)).toBe('f');
  });

  it('gives a 640x360 tile the 360p layer even on a fast link', () => {
    expect(selectLayer(ladder, viewer({ tileWidthPx: 640, tileHeightPx: 360 }), null)).toBe('h');
  });

  it('gives a tile one pixel taller than 360p the 720p layer', () => {
    expect(selectLayer(ladder, viewer({ tileWidthPx: 641, tileHeightPx: 361 }), null)).toBe('f');
  });

  it('gives a thumbnail the 180p layer', () => {
    expect(selectLayer(ladder, viewer({ tileWidthPx: 240, tileHeightPx: 135 }), null)).toBe('q');
  });

  it('counts a letterboxed tile as covered when the video fills its width', () => {
    // A 320x600 portrait tile shows 16:9 video 320 px wide: the 180p layer fills it.
    expect(selectLayer(ladder, viewer({ tileWidthPx: 320, tileHeightPx: 600 }), null)).toBe('q');
  });

  it('gives a 320x180 tile on a 2x screen the 360p layer', () => {
    expect(selectLayer(ladder, viewer({ tileWidthPx: 320, tileHeightPx: 180, devicePixelRatio: 2 }), null)).toBe('h');
  });

  it('gives a tile larger than every layer the largest layer', () => {
    expect(selectLayer(ladder, viewer({ tileWidthPx: 3840, tileHeightPx: 2160 }), null)).toBe('f');
  });

  it('gives a zero-size tile the smallest layer', () => {
    expect(selectLayer(ladder, viewer({ tileWidthPx: 0, tileHeightPx: 0 }), null)).toBe('q');
  });
});

describe('selectLayer: what the link can carry', () => {
  it('gives a viewer on 300 kbps the 180p layer', () => {
    expect(selectLayer(ladder, viewer({ availableKbps: 300 }), null)).toBe('q');
  });

  it('gives a viewer on 1,000 kbps the 360p layer', () => {
    expect(selectLayer(ladder, viewer({ availableKbps: 1000 }), null)).toBe('h');
  });

  it('gives a viewer on 3,000 kbps the 720p layer', () => {
    expect(selectLayer(ladder, viewer({ availableKbps: 3000 }), null)).toBe('f');
  });

  it('sends nothing when not even the 180p layer fits the link', () => {
    expect(selectLayer(ladder, viewer({ availableKbps: 100 }), null)).toBeNull();
  });
});

describe('selectLayer: nobody watching, nothing sent', () => {
  it('sends nothing to a minimized window', () => {
    expect(selectLayer(ladder, viewer({ visible: false }), 'f')).toBeNull();
  });

  it('sends nothing to a minimized window even when a layer is forced', () => {
    expect(selectLayer(ladder, viewer({ visible: false, forcedRid: 'q' }), null)).toBeNull();
  });

  it('sends nothing when the publisher has paused every layer', () => {
    const paused = ladder.map((layer) => ({ ...layer, active: false }));
    expect(selectLayer(paused, viewer(), null)).toBeNull();
  });

  it('sends nothing when no layers are published', () => {
    expect(selectLayer([], viewer(), null)).toBeNull();
  });
});

describe('selectLayer: paused and forced layers', () => {
  it('never picks a paused layer: a full-screen viewer gets 360p while 720p is paused', () => {
    expect(selectLayer([q, h, { ...f, active: false }], viewer(), null)).toBe('h');
  });

  it('moves a viewer down when the layer it watches is paused', () => {
    expect(selectLayer([q, h, { ...f, active: false }], viewer({ availableKbps: 3000 }), 'f')).toBe('h');
  });

  it('lets a forced layer win over bandwidth and tile size', () => {
    expect(selectLayer(ladder, viewer({ availableKbps: 300, tileWidthPx: 100, tileHeightPx: 50, forcedRid: 'f' }), null)).toBe('f');
  });

  it('ignores a forced layer that is paused', () => {
    expect(selectLayer([q, h, { ...f, active: false }], viewer({ availableKbps: 300, forcedRid: 'f' }), null)).toBe('q');
  });

  it('ignores a forced layer that does not exist', () => {
    expect(selectLayer(ladder, viewer({ availableKbps: 300, forcedRid: 'x' }), null)).toBe('q');
  });

  it('does not depend on the order the layers are listed in', () => {
    expect(selectLayer([f, q, h], viewer({ availableKbps: 1000 }), null)).toBe('h');
    expect(ladder.map((layer) => layer.rid)).toEqual(['q', 'h', 'f']);
  });
});

describe('selectLayer: hysteresis', () => {
  it('uses 20 % headroom by default', () => {
    expect(DEFAULT_UPGRADE_HEADROOM_RATIO).toBe(1.2);
  });

  it('keeps a 360p viewer on 360p at exactly 700 kbps', () => {
    expect(selectLayer(ladder, viewer({ availableKbps: 700 }), 'h')).toBe('h');
  });

  it('moves a 360p viewer down to 180p promptly at 699 kbps', () => {
    expect(selectLayer(ladder, viewer({ availableKbps: 699 }), 'h')).toBe('q');
  });

  it('moves a 180p viewer up to 360p only at 840 kbps (700 plus 20 %)', () => {
    expect(selectLayer(ladder, viewer({ availableKbps: 839 }), 'q')).toBe('q');
    expect(selectLayer(ladder, viewer({ availableKbps: 840 }), 'q')).toBe('h');
  });

  it('needs headroom to start from nothing: 700 kbps starts a new viewer on 180p', () => {
    expect(selectLayer(ladder, viewer({ availableKbps: 700 }), null)).toBe('q');
  });

  it('needs headroom to start even the smallest layer: 239 kbps starts nothing, 240 starts 180p', () => {
    expect(selectLayer(ladder, viewer({ availableKbps: 239 }), null)).toBeNull();
    expect(selectLayer(ladder, viewer({ availableKbps: 240 }), null)).toBe('q');
  });

  it('keeps a 180p viewer on 180p down to exactly 200 kbps', () => {
    expect(selectLayer(ladder, viewer({ availableKbps: 200 }), 'q')).toBe('q');
    expect(selectLayer(ladder, viewer({ availableKbps: 199 }), 'q')).toBeNull();
  });

  it('drops a 720p viewer two layers at once when the link collapses', () => {
    expect(selectLayer(ladder, viewer({ availableKbps: 600 }), 'f')).toBe('q');
  });

  it('moves a 720p viewer down to 360p at once when the window shrinks, whatever the link', () => {
    expect(selectLayer(ladder, viewer({ tileWidthPx: 640, tileHeightPx: 360 }), 'f')).toBe('h');
  });

  it('treats an unknown current layer like no layer', () => {
    expect(selectLayer(ladder, viewer({ availableKbps: 700 }), 'gone')).toBe('q');
  });

  it('does not flap between layers when bandwidth wobbles around a threshold', () => {
    // The estimate swings 660..780 kbps around the 360p layer's 700 kbps.
    const wobble = [780, 690, 760, 660, 720, 700, 680, 770, 695, 705, 740, 665];
    let rid: string | null = 'h';
    const picked: (string | null)[] = [];
    for (const availableKbps of wobble) {
      rid = selectLayer(ladder, viewer({ availableKbps }), rid);
      picked.push(rid);
    }
    // One step down at the first dip below 700, then it stays down: 780 never reaches 840.
    expect(picked).toEqual(['h', 'q', 'q', 'q', 'q', 'q', 'q', 'q', 'q', 'q', 'q', 'q']);
  });

  it('flaps on the same wobble when hysteresis is turned off (ratio 1)', () => {
    const wobble = [780, 690, 760, 660];
    let rid: string | null = 'h';
    const picked: (string | null)[] = [];
    for (const availableKbps of wobble) {
      rid = selectLayer(ladder, viewer({ availableKbps }), rid, { upgradeHeadroomRatio: 1 });
      picked.push(rid);
    }
    expect(picked).toEqual(['h', 'q', 'h', 'q']);
  });

  it('rejects a headroom ratio below 1', () => {
    expect(() => selectLayer(ladder, viewer(), null, { upgradeHeadroomRatio: 0.9 })).toThrow(RangeError);
  });
});

describe('selectLayer helpers', () => {
  it('sorts layers by size without changing the input', () => {
    const input = [f, q, h];
    expect(sortLayersAscending(input).map((layer) => layer.rid)).toEqual(['q', 'h', 'f']);
    expect(input.map((layer) => layer.rid)).toEqual(['f', 'q', 'h']);
  });

  it('says a layer covers a tile when either side reaches the tile in device pixels', () => {
    expect(layerCoversTile(h, viewer({ tileWidthPx: 640, tileHeightPx: 1000 }))).toBe(true);
    expect(layerCoversTile(h, viewer({ tileWidthPx: 1000, tileHeightPx: 360 }))).toBe(true);
    expect(layerCoversTile(h, viewer({ tileWidthPx: 641, tileHeightPx: 361 }))).toBe(false);
    expect(layerCoversTile(h, viewer({ tileWidthPx: 321, tileHeightPx: 181, devicePixelRatio: 2 }))).toBe(false);
  });

  it('asks for the bitrate to stay or go down, and the bitrate plus headroom to go up', () => {
    expect(requiredKbpsForLayer(h, h)).toBe(700);
    expect(requiredKbpsForLayer(h, f)).toBe(700);
    expect(requiredKbpsForLayer(h, q)).toBe(840);
    expect(requiredKbpsForLayer(h, undefined)).toBe(840);
    expect(requiredKbpsForLayer(h, q, 1.5)).toBe(1050);
  });
});

describe('decideLayer: why a viewer gets nothing', () => {
  it('gives the layer and no reason when one fits', () => {
    expect(decideLayer(ladder, viewer({ tileWidthPx: 320, tileHeightPx: 180 }), null)).toEqual({ rid: 'q', pausedBecause: null });
  });

  it('says the viewer turned the video off, before anything else', () => {
    expect(decideLayer(ladder, viewer({ videoOff: true, visible: false, availableKbps: 0 }), 'h')).toEqual({ rid: null, pausedBecause: 'video-off' });
  });

  it('says the tile is not on screen', () => {
    expect(decideLayer(ladder, viewer({ visible: false }), 'h')).toEqual({ rid: null, pausedBecause: 'not-visible' });
  });

  it('says the publisher sends no layer', () => {
    expect(decideLayer(ladder.map((l) => ({ ...l, active: false })), viewer(), null)).toEqual({ rid: null, pausedBecause: 'no-active-layer' });
    expect(decideLayer([], viewer(), null)).toEqual({ rid: null, pausedBecause: 'no-active-layer' });
  });

  it('says not even 180p fits the link: 239 kbps cannot start it', () => {
    expect(decideLayer(ladder, viewer({ availableKbps: 239 }), null)).toEqual({ rid: null, pausedBecause: 'link-too-slow' });
  });

  it('agrees with selectLayer on every case', () => {
    const cases: [Partial<ViewerConditions>, string | null][] = [
      [{}, null],
      [{ availableKbps: 300 }, null],
      [{ availableKbps: 100 }, 'q'],
      [{ visible: false }, 'f'],
      [{ videoOff: true }, null],
      [{ forcedRid: 'h', tileWidthPx: 100 }, null],
    ];
    for (const [overrides, current] of cases) {
      expect(decideLayer(ladder, viewer(overrides), current).rid).toBe(selectLayer(ladder, viewer(overrides), current));
    }
  });
});
