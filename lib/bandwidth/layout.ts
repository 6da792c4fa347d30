/**
 * Where each person sits in the room figure, in unit coordinates (-1..1, server at 0,0).
 * Pure geometry so SVG and canvas renderers draw the same picture and a test can pin it.
 *
 * Up to RING_MAX_PEOPLE people sit on one circle. Beyond that they fill an annulus in a sunflower
 * (golden-angle) pattern, which spaces any number of points evenly without a grid.
 * People are placed so that the first K (the talkers) are spread around the room, not bunched together.
 */
export const RING_MAX_PEOPLE = 60;
/** Inner radius of the annulus, leaving the centre for the server. */
export const ANNULUS_INNER_RADIUS = 0.38;
const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));

export interface RoomLayout {
  people: number;
  /** x of person i, -1..1. */
  x: Float64Array;
  /** y of person i, -1..1. */
  y: Float64Array;
  /** A radius for a person's dot that keeps neighbours apart, in the same units. */
  nodeRadius: number;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** A stride coprime with n near n / golden ratio squared, so consecutive people land far apart. */
export function spreadStride(n: number): number {
  if (n <= 2) return 1;
  let stride = Math.max(1, Math.round(n * 0.381966));
  while (gcd(stride, n) !== 1) stride += 1;
  return stride;
}

export function roomLayout(people: number): RoomLayout {
  const x = new Float64Array(people);
  const y = new Float64Array(people);
  const stride = spreadStride(people);
  if (people <= RING_MAX_PEOPLE) {
    for (let i = 0; i < people; i += 1) {
      const slot = (i * stride) % people;
      const angle = -Math.PI / 2 + (2 * Math.PI * slot) / people;
      x[i] = Math.cos(angle);
      y[i] = Math.sin(angle);
    }
    const spacing = people > 1 ? 2 * Math.sin(Math.PI / people) : 1;
    return { people, x, y, nodeRadius: Math.min(0.09, spacing * 0.35) };
  }
  // Equal-area annulus: radius grows with the square root of the slot index.
  const inner2 = ANNULUS_INNER_RADIUS * ANNULUS_INNER_RADIUS;
  for (let i = 0; i < people; i += 1) {
    const slot = (i * stride) % people;
    const r = Math.sqrt(inner2 + ((1 - inner2) * (slot + 0.5)) / people);
    const angle = slot * GOLDEN_ANGLE;
    x[i] = r * Math.cos(angle);
    y[i] = r * Math.sin(angle);
  }
  const areaPerPerson = (Math.PI * (1 - inner2)) / people;
  return { people, x, y, nodeRadius: Math.sqrt(areaPerPerson / Math.PI) * 0.5 };
}

/** Most lines the room figure draws for connections; beyond it, an evenly spread sample is drawn. */
export const EDGE_BUDGET = 3000;

export interface RoomEdges {
  /** Pairs [a0, b0, a1, b1, ...]; -1 is the server. */
  pairs: Int32Array;
  /** Connections that really exist (a mesh has N(N-1)/2; a server room has N). */
  total: number;
  /** Connections drawn: `total`, or the sample size when that is above the budget. */
  drawn: number;
}

/** How many connections the room has and how many of them roomEdges draws, without building them. */
export function roomEdgeCounts(topology: 'mesh' | 'sfu' | 'mcu', people: number, budget = EDGE_BUDGET): Pick<RoomEdges, 'total' | 'drawn'> {
  const total = topology === 'mesh' ? (people * (people - 1)) / 2 : people;
  return { total, drawn: topology === 'mesh' ? Math.min(total, budget) : total };
}

/**
 * The media connections to draw. Mesh: every pair of people (sampled by a fixed stride through the
 * pair list when there are more than `budget`). SFU and MCU: one line from each person to the server.
 */
export function roomEdges(topology: 'mesh' | 'sfu' | 'mcu', people: number, budget = EDGE_BUDGET): RoomEdges {
  if (topology !== 'mesh') {
    const pairs = new Int32Array(people * 2);
    for (let i = 0; i < people; i += 1) {
      pairs[2 * i] = i;
      pairs[2 * i + 1] = -1;
    }
    return { pairs, total: people, drawn: people };
  }
  const { total, drawn } = roomEdgeCounts(topology, people, budget);
  const pairs = new Int32Array(drawn * 2);
  // The pairs in order (0,1), (0,2), ..., (1,2), ...; the sample is pair number floor(j x stride) for the
  // j-th line drawn. Each is found from its number (row `a` holds people - a - 1 pairs), so a 1,000-person
  // mesh walks its 3,000 sampled pairs, not all 499,500.
  const stride = total / drawn;
  let next = 0;
  let a = 0;
  let rowStart = 0;
  for (let written = 0; written < drawn; written += 1, next += stride) {
    const index = Math.floor(next);
    while (a < people && index >= rowStart + (people - a - 1)) {
      rowStart += people - a - 1;
      a += 1;
    }
    if (a >= people) break;
    pairs[2 * written] = a;
    pairs[2 * written + 1] = a + 1 + (index - rowStart);
  }
  return { pairs, total, drawn };
}
