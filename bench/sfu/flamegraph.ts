/**
 * `npx tsx bench/sfu/flamegraph.ts <profile.cpuprofile> <out-prefix> [title]`: turns a V8 CPU
 * profile (bench:sfu --profile) into folded stacks (`<out-prefix>.folded`, one "a;b;c microseconds"
 * line per stack, the format flamegraph.pl, inferno and speedscope read) and a self-contained SVG
 * flame graph (`<out-prefix>.svg`): width is CPU time, each bar a function on the stack, callers
 * below callees. Idle time is left out, so the graph is what the forwarder spent.
 */
import { readFileSync, writeFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

interface Frame {
  name: string;
  us: number;
  children: Map<string, Frame>;
}

function frameName(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url ? url.split('/').pop() : '';
  return `${functionName || '(anonymous)'}${file ? ` ${file}:${lineNumber + 1}` : ''}`;
}

export function foldProfile(profile: Profile): Map<string, number> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const folded = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const names: string[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) names.push(frameName(byId.get(at)!));
    names.pop(); // (root)
    names.reverse();
    if (names[0] === '(idle)') continue;
    const key = names.join(';');
    folded.set(key, (folded.get(key) ?? 0) + us);
  }
  return folded;
}

function tree(folded: Map<string, number>): Frame {
  const root: Frame = { name: 'all', us: 0, children: new Map() };
  for (const [stack, us] of folded) {
    root.us += us;
    let frame = root;
    for (const name of stack.split(';')) {
      let child = frame.children.get(name);
      if (!child) frame.children.set(name, (child = { name, us: 0, children: new Map() }));
      child.us += us;
      frame = child;
    }
  }
  return root;
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function color(name: string): string {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (h * 31 + name.charCodeAt(i)) >>> 0;
  // Warm colours for JavaScript, blue for native and engine frames.
  if (/^\(|^[a-z]+$/i.test(name.split(' ')[0]) && !name.includes('.')) return `hsl(${200 + (h % 30)}, 55%, ${62 + (h % 14)}%)`;
  return `hsl(${10 + (h % 40)}, 80%, ${58 + (h % 16)}%)`;
}

export function flameSvg(folded: Map<string, number>, title: string): string {
  const root = tree(folded);
  const width = 1200;
  const rowHeight = 16;
  const top = 40;
  let depth = 0;
  const rects: string[] = [];
  const draw = (frame: Frame, x: number, level: number) => {
    const w = (frame.us / root.us) * width;
    if (w < 0.3) return;
    depth = Math.max(depth, level);
    const share = ((frame.us / root.us) * 100).toFixed(1);
    const label = w > 40 ? escape(frame.name.slice(0, Math.floor(w / 6.5))) : '';
    rects.push(
      `<g><title>${escape(frame.name)}: ${(frame.us / 1000).toFixed(1)} ms, ${share}%</title>` +
        `<rect x="${x.toFixed(1)}" y="${level}" width="${w.toFixed(1)}" height="${rowHeight - 1}" fill="${color(frame.name)}"/>` +
        (label ? `<text x="${(x + 3).toFixed(1)}" y="${level}">${label}</text>` : '') +
        '</g>',
    );
    let childX = x;
    for (const child of [...frame.children.values()].sort((a, b) => a.name.localeCompare(b.name))) {
      draw(child, childX, level + 1);
      childX += (child.us / root.us) * width;
    }
  };
  draw(root, 0, 0);
  const height = top + (depth + 1) * rowHeight + 10;
  // Levels are drawn bottom-up: the root at the bottom, callees above their callers.
  const body = rects
    .map((r) =>
      r.replace(/ y="(\d+)"/g, (_, level: string) => ` y="${height - 10 - (Number(level) + 1) * rowHeight}"`).replace(
        /<text x="([\d.]+)" y="(\d+)"/,
        (_m, x: string, y: string) => `<text x="${x}" y="${Number(y) + rowHeight - 4}"`,
      ),
    )
    .join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="monospace" font-size="11">
<style>text { pointer-events: none; fill: #000 } rect:hover { stroke: #000 }</style>
<rect width="100%" height="100%" fill="#fff"/>
<text x="10" y="20" font-size="14">${escape(title)}: ${(root.us / 1000).toFixed(0)} ms of CPU sampled (idle left out); hover a bar for its time</text>
${body}
</svg>
`;
}

if (process.argv[1]?.endsWith('flamegraph.ts')) {
  const [input, prefix, title] = process.argv.slice(2);
  if (!input || !prefix) {
    console.error('usage: tsx bench/sfu/flamegraph.ts <profile.cpuprofile> <out-prefix> [title]');
    process.exit(2);
  }
  const folded = foldProfile(JSON.parse(readFileSync(input, 'utf8')) as Profile);
  const lines = [...folded].sort((a, b) => b[1] - a[1]).map(([stack, us]) => `${stack} ${Math.round(us)}`);
  writeFileSync(`${prefix}.folded`, lines.join('\n') + '\n');
  writeFileSync(`${prefix}.svg`, flameSvg(folded, title ?? input));
  console.log(`wrote ${prefix}.folded (${lines.length} stacks) and ${prefix}.svg`);
}
