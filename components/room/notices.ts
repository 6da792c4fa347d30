/**
 * The room page's passing notices ("Bot 3 lost their connection and left", "A room holds at most 20
 * bots"). Pure list operations, so the page can never stack the same notice twice: a notice that comes
 * again is counted on the one already shown, people who drop out are named in one notice, every notice
 * goes away on its own after a while, and only the latest few are kept.
 */

export interface Notice {
  /** Notices with the same key are one notice. */
  key: string;
  text: string;
  /** How many times it came (shown as "×3"). */
  count: number;
  /** For a notice about people: who, oldest first, each once. */
  people: string[];
  /** Stable id for rendering; the first occurrence's. */
  id: number;
  expiresAtMs: number;
}

/** A notice stays this long after it last came. */
export const NOTICE_TTL_MS = 8000;
/** At most this many notices at once; the oldest goes first. */
export const MAX_NOTICES = 3;
/** People named in a "lost their connection" notice before the rest are counted. */
const NAMED_PEOPLE = 3;

export type NoticeInput = { key: string; text: string } | { key: string; person: string; describe: (people: string[]) => string };

export function addNotice(list: readonly Notice[], input: NoticeInput, nowMs: number, id: number): Notice[] {
  const existing = list.find((n) => n.key === input.key);
  const rest = list.filter((n) => n.key !== input.key);
  let notice: Notice;
  if ('person' in input) {
    const people = existing ? [...existing.people.filter((p) => p !== input.person), input.person] : [input.person];
    notice = { key: input.key, text: input.describe(people), count: people.length, people, id: existing?.id ?? id, expiresAtMs: nowMs + NOTICE_TTL_MS };
  } else {
    notice = { key: input.key, text: input.text, count: (existing?.count ?? 0) + 1, people: [], id: existing?.id ?? id, expiresAtMs: nowMs + NOTICE_TTL_MS };
  }
  return [...rest, notice].slice(-MAX_NOTICES);
}

export function expireNotices(list: readonly Notice[], nowMs: number): Notice[] {
  return list.filter((n) => n.expiresAtMs > nowMs);
}

/** When the next notice expires (null if none): the page sets one timer for it, none at rest. */
export function nextExpiryMs(list: readonly Notice[]): number | null {
  return list.length === 0 ? null : Math.min(...list.map((n) => n.expiresAtMs));
}

/** "Ana", "Ana and Bo", "Ana, Bo and Cy", "Ana, Bo, Cy and 2 others". */
export function namePeople(people: readonly string[]): string {
  if (people.length <= 1) return people[0] ?? '';
  if (people.length <= NAMED_PEOPLE) return `${people.slice(0, -1).join(', ')} and ${people.at(-1)}`;
  const others = people.length - NAMED_PEOPLE;
  return `${people.slice(0, NAMED_PEOPLE).join(', ')} and ${others} ${others === 1 ? 'other' : 'others'}`;
}

/** The text a reader sees, with the repeat count for a notice that is not about people. */
export function noticeText(notice: Notice): string {
  return notice.people.length === 0 && notice.count > 1 ? `${notice.text} (×${notice.count})` : notice.text;
}
