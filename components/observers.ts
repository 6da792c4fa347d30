/**
 * An IntersectionObserver callback gets every threshold crossing queued since it last ran, oldest first,
 * and a busy page can queue more than one for the same element before the callback runs (an element that
 * leaves the screen and comes back in two frames arrives as two entries). Reading `entries[0]` then
 * reports the state it was in before, and nothing corrects it until the next crossing. Callers that watch
 * one element read the newest entry.
 */
export function newestEntry<T>(entries: readonly T[]): T | undefined {
  return entries[entries.length - 1];
}
