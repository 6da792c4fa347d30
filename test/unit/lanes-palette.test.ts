/**
 * The lanes figure's legend (components/figures/udp-vs-tcp/palette.ts): every mark can be told from every
 * other, for normal colour vision and the three common dichromacies, in both themes; and every mark stands
 * out from what it is drawn on.
 *
 * Two marks are told apart by shape or pattern when those differ (a dot and a box; a filled box and an
 * outlined one; a box with a ✕). Marks that share both must differ in colour: their CIEDE2000 difference,
 * after simulating protanopia, deuteranopia and tritanopia at full severity (Machado, Oliveira and
 * Fernandes 2009, as culori implements them), stays at least MIN_DELTA_E. 10 is a common floor for
 * categorical colours in a chart; a just-noticeable difference is about 2.
 */
import { describe, expect, it } from 'vitest';
import {
  differenceCiede2000,
  filterDeficiencyDeuter,
  filterDeficiencyProt,
  filterDeficiencyTrit,
  parse,
  wcagContrast,
  type Color,
} from 'culori';
import { LANE_MARKS, MARK_BACKGROUNDS, type Mark, type Theme } from '@/components/figures/udp-vs-tcp/palette';

const MIN_DELTA_E = 10;
/** WCAG 1.4.11: graphical objects need 3:1 against adjacent colours. */
const MIN_CONTRAST = 3;

const visions: Record<string, (colour: Color) => Color> = {
  normal: (colour) => colour,
  protanopia: filterDeficiencyProt(1),
  deuteranopia: filterDeficiencyDeuter(1),
  tritanopia: filterDeficiencyTrit(1),
};
const deltaE = differenceCiede2000();

function colour(hex: string): Color {
  const parsed = parse(hex);
  if (!parsed) throw new Error(`not a colour: ${hex}`);
  return parsed;
}

/** The smallest difference between two colours over the four kinds of vision, and which one it is. */
function worstDifference(a: string, b: string): { deltaE: number; vision: string } {
  let worst = { deltaE: Infinity, vision: '' };
  for (const [vision, simulate] of Object.entries(visions)) {
    const d = deltaE(simulate(colour(a)), simulate(colour(b)));
    if (d < worst.deltaE) worst = { deltaE: d, vision };
  }
  return worst;
}

const pairs: [Mark, Mark][] = LANE_MARKS.flatMap((a, i) => LANE_MARKS.slice(i + 1).map((b) => [a, b] as [Mark, Mark]));

describe('the lanes legend', () => {
  it('names every kind of mark the figure draws once', () => {
    expect(new Set(LANE_MARKS.map((mark) => mark.kind)).size).toBe(LANE_MARKS.length);
    expect(new Set(LANE_MARKS.map((mark) => mark.label)).size).toBe(LANE_MARKS.length);
  });

  for (const theme of ['light', 'dark'] as Theme[]) {
    it(`tells every mark from every other in the ${theme} theme, also under colour blindness`, () => {
      const confusable = pairs
        .filter(([a, b]) => a.shape === b.shape && a.pattern === b.pattern)
        .map(([a, b]) => ({ pair: `${a.kind}/${b.kind}`, ...worstDifference(a.colour[theme], b.colour[theme]) }))
        .filter(({ deltaE }) => deltaE < MIN_DELTA_E)
        .map(({ pair, deltaE, vision }) => `${pair}: ΔE ${deltaE.toFixed(1)} under ${vision}`);
      expect(confusable).toEqual([]);
    });

    it(`draws every mark with at least 3:1 contrast against its background in the ${theme} theme`, () => {
      const faint = LANE_MARKS.map((mark) => ({ kind: mark.kind, contrast: wcagContrast(mark.colour[theme], MARK_BACKGROUNDS[theme][mark.on]) }))
        .filter(({ contrast }) => contrast < MIN_CONTRAST)
        .map(({ kind, contrast }) => `${kind}: ${contrast.toFixed(2)}:1`);
      expect(faint).toEqual([]);
    });
  }

  it('the check has teeth: the old legend, where resent and rushed shared a colour, fails it', () => {
    expect(worstDifference('#c2410c', '#c2410c').deltaE).toBeLessThan(MIN_DELTA_E);
    // The old played green against the old concealed amber, both solid boxes: apart for most readers, not under deuteranopia.
    expect(worstDifference('#15803d', '#a16207').deltaE).toBeLessThan(MIN_DELTA_E);
  });
});
