/**
 * What Lighthouse's simulated LCP waited for, read from one run's own artifacts. Lantern (the simulator behind
 * Lighthouse's mobile timings) builds the LCP from the unthrottled load it observed: every request that had
 * *ended before the observed LCP* (low-priority images aside), each script whose evaluation *began* before it,
 * the first parse, layout and paint, and (in its pessimistic half) every layout before it; then it replays that
 * graph on slow 4G with the CPU tasks x4 and averages the optimistic and pessimistic graphs. This prints both
 * graphs' nodes with their observed and simulated times, so a route's LCP can be read as bytes and CPU.
 */
import { LanternLargestContentfulPaint } from 'lighthouse/core/computed/metrics/lantern-largest-contentful-paint.js';

/** The part of a Lighthouse run's result this needs (the `artifacts` of `lighthouse(url, flags)`). */
export interface RunArtifacts {
  artifacts: Record<string, unknown>;
  lhr: { configSettings: unknown };
}

interface GraphNode {
  id: string;
  type: 'network' | 'cpu';
  startTime: number;
  endTime: number;
  request?: { url: string; resourceType?: string; priority: string; transferSize: number; initiator?: { type: string } };
  childEvents?: { name: string; args?: { data?: { url?: string } } }[];
  isMainDocument(): boolean;
  traverse(callback: (node: GraphNode) => void): void;
}
interface Timing {
  startTime: number;
  endTime: number;
}
interface Estimate {
  timeInMs: number;
  nodeTimings: Map<GraphNode, Timing>;
}
interface LanternResult {
  timing: number;
  optimisticEstimate: Estimate;
  pessimisticEstimate: Estimate;
  optimisticGraph: GraphNode;
  pessimisticGraph: GraphNode;
}

export interface LcpGraphRow {
  /** URL (path only) for a request; for a task, what it did (EvaluateScript of a file, Layout, Paint, ParseHTML). */
  what: string;
  kind: string;
  priority?: string;
  kB?: number;
  /** Observed in the unthrottled load, ms after the navigation started. */
  observedStart: number;
  observedEnd: number;
  /** Simulated (slow 4G, CPU x4), ms; absent when the node is only in the other graph. */
  optimisticEnd?: number;
  pessimisticEnd?: number;
}

export interface LcpGraph {
  observedFcp: number;
  observedLcp: number;
  simulatedLcp: number;
  optimisticLcp: number;
  pessimisticLcp: number;
  rows: LcpGraphRow[];
}

const shortUrl = (url: string) => {
  try {
    const parsed = new URL(url);
    return parsed.pathname + parsed.search;
  } catch {
    return url;
  }
};

function describeTask(node: GraphNode): string {
  const names = new Set<string>();
  for (const event of node.childEvents ?? []) {
    if (event.name === 'EvaluateScript' && event.args?.data?.url) names.add(`EvaluateScript ${shortUrl(event.args.data.url).replace('/_next/static/chunks/', '')}`);
    else if (['Layout', 'Paint', 'ParseHTML', 'UpdateLayoutTree', 'ParseAuthorStyleSheet', 'FunctionCall', 'TimerFire', 'v8.compile', 'v8.compileModule'].includes(event.name)) names.add(event.name);
  }
  return [...names].slice(0, 4).join(', ') || 'task';
}

/** The simulated LCP's two graphs for one Lighthouse run, with what each node cost. */
export async function lcpGraph(run: RunArtifacts): Promise<LcpGraph> {
  const { artifacts } = run;
  const traces = artifacts.traces as Record<string, { traceEvents: unknown[] }>;
  const devtoolsLogs = artifacts.devtoolsLogs as Record<string, unknown[]>;
  const data = {
    trace: artifacts.Trace ?? traces.defaultPass,
    devtoolsLog: artifacts.DevtoolsLog ?? devtoolsLogs.defaultPass,
    gatherContext: artifacts.GatherContext,
    settings: run.lhr.configSettings,
    URL: artifacts.URL,
    simulator: null,
  };
  const context = { computedCache: new Map(), settings: run.lhr.configSettings };
  const request = LanternLargestContentfulPaint.request as unknown as (data: unknown, context: unknown) => Promise<LanternResult>;
  const result = await request(data, context);

  // Observed times are trace microseconds (CPU nodes) or milliseconds*1000 (network nodes' getters): both in the
  // trace's clock; the navigation's start is the main document's request.
  const byId = new Map<string, { node: GraphNode; optimisticEnd?: number; pessimisticEnd?: number }>();
  const collect = (graph: GraphNode, estimate: Estimate, key: 'optimisticEnd' | 'pessimisticEnd') => {
    const timings = new Map<string, Timing>();
    for (const [node, timing] of estimate.nodeTimings) timings.set(node.id, timing);
    graph.traverse((node) => {
      const entry = byId.get(node.id) ?? { node };
      entry[key] = timings.get(node.id)?.endTime;
      byId.set(node.id, entry);
    });
  };
  collect(result.optimisticGraph, result.optimisticEstimate, 'optimisticEnd');
  collect(result.pessimisticGraph, result.pessimisticEstimate, 'pessimisticEnd');

  let origin = Infinity;
  for (const { node } of byId.values()) if (node.type === 'network' && node.isMainDocument()) origin = node.startTime;
  const ms = (microseconds: number) => Math.round((microseconds - origin) / 1000);

  const rows: LcpGraphRow[] = [...byId.values()]
    .map(({ node, optimisticEnd, pessimisticEnd }) => {
      const network = node.type === 'network' && node.request;
      return {
        what: network ? shortUrl(network.url) : describeTask(node),
        kind: network ? `${network.resourceType ?? '?'}${network.initiator?.type === 'script' ? ' (by script)' : ''}` : `task ${Math.round((node.endTime - node.startTime) / 100) / 10} ms`,
        priority: network ? network.priority : undefined,
        kB: network ? Math.round(network.transferSize / 100) / 10 : undefined,
        observedStart: ms(node.startTime),
        observedEnd: ms(node.endTime),
        optimisticEnd: optimisticEnd === undefined ? undefined : Math.round(optimisticEnd),
        pessimisticEnd: pessimisticEnd === undefined ? undefined : Math.round(pessimisticEnd),
      };
    })
    .sort((a, b) => a.observedStart - b.observedStart);

  const metrics = (run as unknown as { lhr: { audits: Record<string, { details?: { items?: Record<string, number>[] } }> } }).lhr.audits.metrics?.details?.items?.[0] ?? {};
  return {
    observedFcp: metrics.observedFirstContentfulPaint ?? Number.NaN,
    observedLcp: metrics.observedLargestContentfulPaint ?? Number.NaN,
    simulatedLcp: Math.round(result.timing),
    optimisticLcp: Math.round(result.optimisticEstimate.timeInMs),
    pessimisticLcp: Math.round(result.pessimisticEstimate.timeInMs),
    rows,
  };
}

export function formatLcpGraph(graph: LcpGraph): string {
  const lines = [
    `observed FCP ${graph.observedFcp} ms, LCP ${graph.observedLcp} ms; simulated LCP ${graph.simulatedLcp} ms (optimistic ${graph.optimisticLcp}, pessimistic ${graph.pessimisticLcp})`,
    '| node | kind | priority | kB | observed ms | simulated end, opt. / pess. |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const row of graph.rows) {
    lines.push(
      `| ${row.what} | ${row.kind} | ${row.priority ?? ''} | ${row.kB ?? ''} | ${row.observedStart}-${row.observedEnd} | ${row.optimisticEnd ?? '-'} / ${row.pessimisticEnd ?? '-'} |`,
    );
  }
  return lines.join('\n');
}
