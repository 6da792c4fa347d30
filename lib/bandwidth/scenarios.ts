/**
 * The case study's P2P arithmetic (../shared/seeds), recomputed with the same model the figures use.
 * Each claim is what the case study printed; the model's numbers stand beside it with the reason they differ.
 * Claims are stored as the text printed them (kbps figures) so the chapter can strike them through.
 */
import { formatCount, formatKbps, formatPercent } from '@/lib/units';
import type { TableData } from '@/lib/table';
import { roomBandwidth, type PersonBandwidth, type RoomBandwidth } from './room';
import { DEFAULT_VOICE_STREAM } from './stream';

export type Direction = 'upload' | 'download';
export type Who = 'talker' | 'listener';

export interface SeedScenario {
  id: string;
  /** How the case study set it up. */
  title: string;
  people: number;
  talkers: number;
  /** What the case study printed for a person in this scenario, per role and direction (kbps). */
  claims: { who: Who; direction: Direction; claimedKbps: number }[];
}

export const SEED_SCENARIOS: readonly SeedScenario[] = [
  {
    id: 'two-people',
    title: '2 people, both talking',
    people: 2,
    talkers: 2,
    claims: [
      { who: 'talker', direction: 'upload', claimedKbps: 80 },
      { who: 'talker', direction: 'download', claimedKbps: 80 },
    ],
  },
  {
    id: 'ten-three',
    title: '10 people, 3 talking',
    people: 10,
    talkers: 3,
    // "800kbps up, 800kbps down" per user.
    claims: [
      { who: 'talker', direction: 'upload', claimedKbps: 800 },
      { who: 'talker', direction: 'download', claimedKbps: 800 },
      { who: 'listener', direction: 'upload', claimedKbps: 800 },
      { who: 'listener', direction: 'download', claimedKbps: 800 },
    ],
  },
  {
    id: 'hundred-one',
    title: '100 people, 1 talking',
    people: 100,
    talkers: 1,
    claims: [
      { who: 'talker', direction: 'upload', claimedKbps: 8000 },
      { who: 'talker', direction: 'download', claimedKbps: 0 },
      { who: 'listener', direction: 'upload', claimedKbps: 0 },
      { who: 'listener', direction: 'download', claimedKbps: 80 },
    ],
  },
  {
    id: 'thousand-all',
    title: '1,000 people, all talking',
    people: 1000,
    talkers: 1000,
    claims: [
      { who: 'talker', direction: 'upload', claimedKbps: 80_000 },
      { who: 'talker', direction: 'download', claimedKbps: 80_000 },
    ],
  },
];

/**
 * A claim within this share of the model's number is a rounding, not an error: the case study's 80,000 kbps for a
 * 1,000-person mesh counts 1,000 copies where there are 999 (0.1 % high), which changes no conclusion; its 800 kbps
 * for ten people counts ten where there are nine (11 % high) and gives listeners the load of talkers.
 */
export const ROUNDING_TOLERANCE = 0.02;

/** right: the model's number; close: within ROUNDING_TOLERANCE of it; wrong: further off. */
export type Verdict = 'right' | 'close' | 'wrong';

export const VERDICT_LABELS: Record<Verdict, string> = { right: 'right', close: 'close enough', wrong: 'wrong' };

export function verdictFor(claimedKbps: number, modelKbps: number): Verdict {
  if (claimedKbps === modelKbps) return 'right';
  if (modelKbps > 0 && Math.abs(claimedKbps - modelKbps) / modelKbps <= ROUNDING_TOLERANCE) return 'close';
  return 'wrong';
}

export interface SeedCorrection {
  scenario: SeedScenario;
  who: Who;
  direction: Direction;
  claimedKbps: number;
  meshKbps: number;
  sfuKbps: number;
  /** The claim equals the mesh model's value. */
  correct: boolean;
  /** right, close (a harmless rounding) or wrong, against the mesh model. */
  verdict: Verdict;
  /** Why the model's number is what it is, in words built from the model's own numbers. */
  why: string;
}

function pick(person: PersonBandwidth, direction: Direction): number {
  return direction === 'upload' ? person.uploadKbps : person.downloadKbps;
}

function explain(room: RoomBandwidth, who: Who, direction: Direction): string {
  const stream = formatKbps(room.streamKbps);
  const others = room.people - 1;
  const otherTalkers = who === 'talker' ? room.talkers - 1 : room.talkers;
  if (direction === 'upload') {
    const to = others === 1 ? 'the one other person' : `each of the ${formatCount(others)} others`;
    return who === 'talker'
      ? `A talker sends a separate copy to ${to}: ${formatCount(others)} × ${stream}.`
      : 'With voice activity detection, someone who is not speaking sends no audio.';
  }
  if (otherTalkers === 0) return 'Nobody else is speaking, so there is nothing to hear.';
  return `${who === 'talker' ? 'A talker' : 'A listener'} hears the ${formatCount(otherTalkers)} ${
    who === 'talker' ? 'other ' : ''
  }talker${otherTalkers === 1 ? '' : 's'}: ${formatCount(otherTalkers)} × ${stream}.`;
}

export function seedCorrections(streamKbps = DEFAULT_VOICE_STREAM.wireKbps): SeedCorrection[] {
  return SEED_SCENARIOS.flatMap((scenario) => {
    const input = { people: scenario.people, talkers: scenario.talkers, streamKbps };
    const mesh = roomBandwidth({ ...input, topology: 'mesh' });
    const sfu = roomBandwidth({ ...input, topology: 'sfu' });
    return scenario.claims.map(({ who, direction, claimedKbps }) => {
      const meshPerson = who === 'talker' ? mesh.talker : mesh.listener;
      const sfuPerson = who === 'talker' ? sfu.talker : sfu.listener;
      if (!meshPerson || !sfuPerson) throw new Error(`Scenario ${scenario.id} has no ${who}`);
      const meshKbps = pick(meshPerson, direction);
      const verdict = verdictFor(claimedKbps, meshKbps);
      const rounding =
        verdict === 'close'
          ? ` The case study's ${formatKbps(claimedKbps)} is ${formatPercent(Math.abs(claimedKbps - meshKbps) / meshKbps, 1)} off: a rounding that changes no conclusion.`
          : '';
      return {
        scenario,
        who,
        direction,
        claimedKbps,
        meshKbps,
        sfuKbps: pick(sfuPerson, direction),
        correct: verdict === 'right',
        verdict,
        why: explain(mesh, who, direction) + rounding,
      };
    });
  });
}

export const SEED_CORRECTION_COLUMNS = [
  'Scenario',
  'Who, which way',
  'Case study said',
  'Mesh (model)',
  'With an SFU (model)',
  'Why',
];

export function whoLabel(who: Who, direction: Direction): string {
  return `${who === 'talker' ? 'A talker' : 'A listener'}, ${direction}`;
}

/** The corrections as a plain table (the figure strikes the wrong claims through; this says it in words). */
export function seedCorrectionsTable(streamKbps = DEFAULT_VOICE_STREAM.wireKbps): TableData {
  return {
    caption: `The case study's peer-to-peer numbers beside the model's, for a ${formatKbps(streamKbps)} voice stream`,
    columns: SEED_CORRECTION_COLUMNS,
    rows: seedCorrections(streamKbps).map((c) => [
      c.scenario.title,
      whoLabel(c.who, c.direction),
      `${formatKbps(c.claimedKbps)} (${VERDICT_LABELS[c.verdict]})`,
      formatKbps(c.meshKbps),
      formatKbps(c.sfuKbps),
      c.why,
    ]),
  };
}
