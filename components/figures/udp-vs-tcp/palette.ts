/**
 * The marks of the lanes figure and their colours, in one place so the drawing, its legend and the palette
 * test (test/unit/lanes-palette.test.ts) agree. Each mark is told apart by its shape and pattern first and its
 * colour second: marks that share a shape and pattern have colours that stay apart (CIEDE2000 ≥ 10) for
 * normal vision and under protanopia, deuteranopia and tritanopia, and every mark has at least 3:1 contrast
 * against what it is drawn on (WCAG 1.4.11).
 */
import { FRAME_MS } from '@/lib/transport';

export type Theme = 'light' | 'dark';

/** rect: packets on the link, buffer squares, slices of the timeline; round: ACKs. */
export type MarkShape = 'rect' | 'round';
/** solid fill; cross: filled with a ✕ on it; outline: only its edge; ring: a round outline. */
export type MarkPattern = 'solid' | 'cross' | 'outline';

export type MarkKind = 'packet' | 'resent' | 'lost' | 'ack' | 'dupAck' | 'heldBack' | 'played' | 'rushed' | 'concealed' | 'stall';

export interface Mark {
  kind: MarkKind;
  label: string;
  shape: MarkShape;
  pattern: MarkPattern;
  /** Where it is drawn: on the figure's surface (link, buffer) or on the timeline's track. */
  on: 'surface' | 'track';
  colour: Record<Theme, string>;
}

export const LANE_MARKS: readonly Mark[] = [
  { kind: 'packet', label: 'packet', shape: 'rect', pattern: 'solid', on: 'surface', colour: { light: '#4654d8', dark: '#8b95ff' } },
  { kind: 'resent', label: 'resent packet', shape: 'rect', pattern: 'solid', on: 'surface', colour: { light: '#c2410c', dark: '#fb923c' } },
  { kind: 'lost', label: 'lost packet', shape: 'rect', pattern: 'cross', on: 'surface', colour: { light: '#b91c1c', dark: '#f87171' } },
  { kind: 'ack', label: 'ACK', shape: 'round', pattern: 'solid', on: 'surface', colour: { light: '#15803d', dark: '#4ade80' } },
  { kind: 'dupAck', label: 'duplicate ACK (reports a hole)', shape: 'round', pattern: 'outline', on: 'surface', colour: { light: '#a16207', dark: '#facc15' } },
  { kind: 'heldBack', label: 'arrived, held back', shape: 'rect', pattern: 'outline', on: 'surface', colour: { light: '#b91c1c', dark: '#f87171' } },
  { kind: 'played', label: `played (${FRAME_MS} ms each)`, shape: 'rect', pattern: 'solid', on: 'track', colour: { light: '#15803d', dark: '#4ade80' } },
  { kind: 'rushed', label: 'rushed', shape: 'rect', pattern: 'solid', on: 'track', colour: { light: '#86198f', dark: '#cb27c5' } },
  { kind: 'concealed', label: 'concealed', shape: 'rect', pattern: 'solid', on: 'track', colour: { light: '#78716c', dark: '#a8a29e' } },
  { kind: 'stall', label: 'frozen (silence)', shape: 'rect', pattern: 'solid', on: 'track', colour: { light: '#1c1917', dark: '#f5f5f4' } },
];

/** The backgrounds marks sit on: the theme's --surface and --surface-2 (app/globals.css). */
export const MARK_BACKGROUNDS: Record<Theme, Record<Mark['on'], string>> = {
  light: { surface: '#ffffff', track: '#f1efe9' },
  dark: { surface: '#1c1e25', track: '#252833' },
};

/** The marks' colours as CSS custom properties (--mark-packet, ...) for one theme. */
export function markColourProperties(theme: Theme): Record<string, string> {
  return Object.fromEntries(LANE_MARKS.map((mark) => [`--mark-${mark.kind}`, mark.colour[theme]]));
}
