/** A Chromium trace event, as far as the page benches read it (startup.ts, frames.ts). */
export interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

/** The trace's renderer main threads ("pid:tid"): the threads named CrRendererMain. */
export function rendererMainThreads(events: TraceEvent[]): Set<string> {
  return new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
}
