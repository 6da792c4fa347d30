import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { applyPlan, planChapter, planFigure, ScaffoldError } from '@/tooling/scaffold/plan';

/** A project root holding only what the scaffold reads: chapter folders and figure folders. */
function project(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'scaffold-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

/** Every file under `root`, relative, with its text: to prove a refused command changed nothing. */
function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const relative = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(relative);
      else out[relative] = readFileSync(path.join(root, relative), 'utf8');
    }
  };
  walk('.');
  return out;
}

/** The keys of `export const <name> = { … }` in a TypeScript file, read by the TypeScript parser. */
function exportedKeys(text: string, name: string): string[] {
  const source = ts.createSourceFile('x.ts', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isIdentifier(declaration.name) && declaration.name.text === name && declaration.initializer && ts.isObjectLiteralExpression(declaration.initializer)) {
        return declaration.initializer.properties.map((property) => (property.name && ts.isStringLiteral(property.name) ? property.name.text : '?'));
      }
    }
  }
  throw new Error(`no export const ${name}`);
}

const twoChapters = {
  'content/01-udp-vs-tcp/index.mdx': '---\ntitle: x\n---\n',
  'content/02-mesh-vs-sfu/index.mdx': '---\ntitle: x\n---\n',
};

/** Runs `plan` and applies it; returns the error message if the scaffold refused. */
function refusal(root: string, plan: () => ReturnType<typeof planChapter>): string {
  try {
    applyPlan(root, plan());
  } catch (error) {
    expect(error).toBeInstanceOf(ScaffoldError);
    return (error as Error).message;
  }
  throw new Error('the scaffold accepted it');
}

describe('npm run new:chapter (the plan)', () => {
  it('numbers the new folder after the last chapter and writes frontmatter whose order is that number', () => {
    const root = project(twoChapters);
    const plan = planChapter(root, 'turn-servers', 'When a call needs a relay');
    expect(Object.keys(plan.create)).toEqual(['content/03-turn-servers/index.mdx']);
    expect(plan.update).toEqual({});
    const text = plan.create['content/03-turn-servers/index.mdx'];
    expect(text).toMatch(/^---\ntitle: "When a call needs a relay"\n/);
    expect(text).toMatch(/\norder: 3 /);
    expect(text).toContain('<Line who="learner">');
    expect(text).toContain('<Line who="guide">');
    expect(plan.next[0]).toBe('Created content/03-turn-servers/index.mdx (chapter 3). It is on the site now: /learn/turn-servers (npm run dev).');
  });

  it('starts at 01 in an empty episode', () => {
    expect(Object.keys(planChapter(project({}), 'intro', 'Where to start').create)).toEqual(['content/01-intro/index.mdx']);
  });

  it('refuses a slug that is not lower-case words joined by hyphens, a title too short, and a slug taken, writing nothing', () => {
    const root = project(twoChapters);
    const before = snapshot(root);
    expect(refusal(root, () => planChapter(root, 'Turn_Servers', 'A title'))).toMatch(/^"Turn_Servers" is not a chapter slug: lower-case letters and digits/);
    expect(refusal(root, () => planChapter(root, 'turn-servers', ' x '))).toMatch(/^the title must be 3 to 80 characters/);
    expect(refusal(root, () => planChapter(root, 'mesh-vs-sfu', 'Again'))).toBe('chapter "mesh-vs-sfu" exists already (content/02-mesh-vs-sfu/); pick another slug');
    expect(snapshot(root)).toEqual(before);
  });
});

describe('npm run new:figure (the plan)', () => {
  it('creates the model, its test, the component, its styles, and the registry and loaders of a chapter without figures', () => {
    const root = project(twoChapters);
    const plan = planFigure(root, 'mesh-vs-sfu', 'PacketRace');
    expect(Object.keys(plan.create).sort()).toEqual([
      'components/figures/mesh-vs-sfu/PacketRaceFigure.module.css',
      'components/figures/mesh-vs-sfu/PacketRaceFigure.tsx',
      'components/figures/mesh-vs-sfu/loaders.ts',
      'components/figures/mesh-vs-sfu/registry.ts',
      'lib/mesh-vs-sfu/packetRace.ts',
      'test/unit/mesh-vs-sfu-packet-race.test.ts',
    ]);
    expect(exportedKeys(plan.create['components/figures/mesh-vs-sfu/registry.ts'], 'figures')).toEqual(['mesh-vs-sfu/packet-race']);
    expect(exportedKeys(plan.create['components/figures/mesh-vs-sfu/loaders.ts'], 'loaders')).toEqual(['mesh-vs-sfu/packet-race']);
    expect(plan.next[1]).toBe('It is live now at /catalog#catalog-mesh-vs-sfu-packet-race (npm run dev). To put it in the chapter, add to content/02-mesh-vs-sfu/index.mdx:');
  });

  it('adds its entry after the existing ones, with or without a trailing comma, and imports what the entry uses once', () => {
    const registry = (comma: string) =>
      `import type { FigureRegistry } from '../types';\nimport { a } from '@/lib/a';\n\nexport const figures: FigureRegistry = {\n  'mesh-vs-sfu/room': { still: a }${comma}\n};\n`;
    for (const comma of ['', ',']) {
      const root = project({
        ...twoChapters,
        'components/figures/mesh-vs-sfu/registry.ts': registry(comma),
        'components/figures/mesh-vs-sfu/loaders.ts': "export const loaders = {\n  'mesh-vs-sfu/room': () => import('./RoomFigure'),\n};\n",
      });
      const plan = planFigure(root, 'mesh-vs-sfu', 'StreamRace');
      const updated = plan.update['components/figures/mesh-vs-sfu/registry.ts'];
      expect(exportedKeys(updated, 'figures')).toEqual(['mesh-vs-sfu/room', 'mesh-vs-sfu/stream-race']);
      expect(exportedKeys(plan.update['components/figures/mesh-vs-sfu/loaders.ts'], 'loaders')).toEqual(['mesh-vs-sfu/room', 'mesh-vs-sfu/stream-race']);
      expect(updated.match(/import \{ streamRaceInputs, streamRaceTable \} from '@\/lib\/mesh-vs-sfu\/streamRace';/g)).toHaveLength(1);
      const parsed = ts.transpileModule(updated, { reportDiagnostics: true, compilerOptions: { module: ts.ModuleKind.ESNext } });
      expect(parsed.diagnostics).toEqual([]);
    }
  });

  it('names the figure in kebab case and drops a trailing "Figure" from the name', () => {
    const plan = planFigure(project(twoChapters), 'udp-vs-tcp', 'RTTGraphFigure');
    expect(Object.keys(plan.create)).toContain('components/figures/udp-vs-tcp/RTTGraphFigure.tsx');
    expect(exportedKeys(plan.create['components/figures/udp-vs-tcp/registry.ts'], 'figures')).toEqual(['udp-vs-tcp/rtt-graph']);
  });

  it('refuses an unknown chapter, a name that is not PascalCase, and a figure registered already, writing nothing', () => {
    const root = project({ ...twoChapters, 'components/figures/mesh-vs-sfu/registry.ts': "export const figures = {\n  'mesh-vs-sfu/room': {},\n};\n" });
    const before = snapshot(root);
    expect(refusal(root, () => planFigure(root, 'turn-servers', 'Relay'))).toBe('"turn-servers" is not a chapter. Chapters: udp-vs-tcp, mesh-vs-sfu (npm run new:chapter makes one)');
    expect(refusal(root, () => planFigure(root, 'mesh-vs-sfu', 'packet-race'))).toMatch(/^"packet-race" is not a figure name: write it in PascalCase/);
    expect(refusal(root, () => planFigure(root, 'mesh-vs-sfu', 'Room'))).toBe('figure "mesh-vs-sfu/room" is registered already in components/figures/mesh-vs-sfu/registry.ts; pick another name');
    expect(snapshot(root)).toEqual(before);
  });

  it('never overwrites: a file it would create that exists refuses the whole plan', () => {
    const root = project({ ...twoChapters, 'lib/mesh-vs-sfu/packetRace.ts': 'export const mine = 1;\n' });
    const before = snapshot(root);
    expect(refusal(root, () => planFigure(root, 'mesh-vs-sfu', 'PacketRace'))).toBe('lib/mesh-vs-sfu/packetRace.ts exists already; nothing was written (the scaffold never overwrites)');
    expect(snapshot(root)).toEqual(before);
    expect(existsSync(path.join(root, 'components/figures/mesh-vs-sfu'))).toBe(false);
  });
});
