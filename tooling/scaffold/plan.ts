import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { CHAPTER_FOLDER, estimateMinutes } from '@/lib/content/chapters';

/**
 * What `npm run new:chapter` and `npm run new:figure` write, planned before anything is written: a list of
 * new files and of insertions into existing ones. A plan is refused as a whole (ScaffoldError, with what to
 * do instead) when its input is bad or any file it would create exists already, so a refused command leaves
 * the tree exactly as it was and nothing is ever overwritten.
 */

export class ScaffoldError extends Error {}

export interface Plan {
  /** New files: path relative to the root -> text. */
  create: Record<string, string>;
  /** Existing files edited by inserting text: path -> new text. */
  update: Record<string, string>;
  /** What to do next, for the command to print. */
  next: string[];
}

export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const FIGURE_NAME = /^[A-Z][A-Za-z0-9]*$/;
/** Chapter slugs and figure names stay this short (lib/figures/instanceData.ts allows 40 characters). */
const MAX_NAME = 40;

export interface ChapterFolder {
  folder: string;
  number: number;
  slug: string;
}

export function chapterFolders(root: string): ChapterFolder[] {
  const dir = path.join(root, 'content');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => CHAPTER_FOLDER.exec(entry.name))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ folder: match[0], number: Number(match[1]), slug: match[2] }))
    .sort((a, b) => a.number - b.number);
}

/** Writes a plan, after checking again that nothing it creates exists. */
export function applyPlan(root: string, plan: Plan): void {
  for (const file of Object.keys(plan.create)) {
    if (existsSync(path.join(root, file))) throw new ScaffoldError(`${file} exists already; nothing was written`);
  }
  for (const [file, text] of Object.entries(plan.create)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text, { flag: 'wx' });
  }
  for (const [file, text] of Object.entries(plan.update)) writeFileSync(path.join(root, file), text);
}

function refuseExisting(root: string, files: string[]): void {
  const existing = files.filter((file) => existsSync(path.join(root, file)));
  if (existing.length > 0) throw new ScaffoldError(`${existing.join(', ')} exist${existing.length === 1 ? 's' : ''} already; nothing was written (the scaffold never overwrites)`);
}

// ---------------------------------------------------------------------------------------------------------
// new:chapter

/** The starter beat: a short dialogue, a section, a cited sentence, with comments that say what goes where. */
const CHAPTER_BODY = `{/* A chapter is beats: a short <Dialogue>, then a figure, then a little prose, and again.
    CONTRIBUTING.md ("2. Write it in beats") has the house style; /catalog shows every component. */}

<Dialogue>
  <Line who="learner">Milo's question goes here: what a reader would ask first about this.</Line>
  <Line who="guide">Ada's answer goes here: short, and pointing at the figure that shows it.</Line>
</Dialogue>

## A first section

{/* Every fact about the world carries a citation to a source in lib/sources.ts, listed in the frontmatter. */}
Discord's engineers describe their voice servers as forwarding each stream without transcoding it <Cite id="discord-voice-2018" />.

{/* Next: npm run new:figure -- <this chapter's slug> <FigureName>, then put its <Figure> tag here. */}
`;

export function planChapter(root: string, slug: string, title: string): Plan {
  if (!slug || !SLUG.test(slug) || slug.length > MAX_NAME) {
    throw new ScaffoldError(`"${slug ?? ''}" is not a chapter slug: lower-case letters and digits in words joined by hyphens, at most ${MAX_NAME} characters, e.g. turn-servers`);
  }
  const trimmed = (title ?? '').trim();
  if (trimmed.length < 3 || trimmed.length > 80) {
    throw new ScaffoldError(`the title must be 3 to 80 characters (it goes in the frontmatter and the contents), e.g. "When a call needs a relay"`);
  }
  const folders = chapterFolders(root);
  const taken = folders.find((chapter) => chapter.slug === slug);
  if (taken) throw new ScaffoldError(`chapter "${slug}" exists already (content/${taken.folder}/); pick another slug`);
  const number = (folders.at(-1)?.number ?? 0) + 1;
  if (number > 99) throw new ScaffoldError('the episode has 99 chapters; a folder number has two digits');
  const folder = `${String(number).padStart(2, '0')}-${slug}`;
  const file = `content/${folder}/index.mdx`;
  refuseExisting(root, [file]);
  const body = CHAPTER_BODY;
  const words = body.replace(/\{\/\*[\s\S]*?\*\/\}/g, '').replace(/<[^>]+>/g, ' ').split(/\s+/).filter(Boolean).length;
  const frontmatter = [
    '---',
    `title: ${JSON.stringify(trimmed)}`,
    'summary: "Replace with one sentence for the landing page: what the reader will understand by the end."',
    `order: ${number}   # its place in the episode: the number its folder starts with`,
    `minutes: ${estimateMinutes(words, 0)}   # reading time: 200 words a minute, plus a minute per figure; the check says the number`,
    'sources: [discord-voice-2018]   # the ids from lib/sources.ts that the chapter cites',
    '---',
    '',
  ].join('\n');
  return {
    create: { [file]: frontmatter + body },
    update: {},
    next: [
      `Created ${file} (chapter ${number}). It is on the site now: /learn/${slug} (npm run dev).`,
      'Write the summary and the beats; add a figure with:',
      `  npm run new:figure -- ${slug} MyFigure`,
      'Then run npm run check.',
    ],
  };
}

// ---------------------------------------------------------------------------------------------------------
// new:figure

const kebab = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/([A-Z])([A-Z][a-z])/g, '$1-$2').toLowerCase();
const camel = (name: string) => name[0].toLowerCase() + name.slice(1);

/** The object literal exported as `const <name>` in a registry or loaders file, and the file's last import. */
function locate(text: string, file: string, exported: string): { closeBrace: number; lastProperty: ts.Node | null; afterImports: number } {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  let literal: ts.ObjectLiteralExpression | null = null;
  let afterImports = 0;
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) afterImports = statement.end;
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isIdentifier(declaration.name) && declaration.name.text === exported && declaration.initializer && ts.isObjectLiteralExpression(declaration.initializer)) {
        literal = declaration.initializer;
      }
    }
  }
  if (!literal) throw new ScaffoldError(`${file} has no \`export const ${exported} = { … }\`; add the entry by hand (see CONTRIBUTING.md)`);
  return { closeBrace: literal.end - 1, lastProperty: literal.properties.at(-1) ?? null, afterImports };
}

/** `text` with `entry` added as the last property of `exported`, and `imports` after the last import. */
function insertEntry(text: string, file: string, exported: string, entry: string, imports: string[]): string {
  const { closeBrace, lastProperty, afterImports } = locate(text, file, exported);
  const comma = lastProperty && text.slice(lastProperty.end, closeBrace).trim() === '' ? ',' : '';
  const at = lastProperty ? lastProperty.end + (comma ? 0 : text.slice(lastProperty.end, closeBrace).indexOf(',') + 1) : closeBrace;
  const withEntry = `${text.slice(0, at)}${comma}\n${entry}${lastProperty ? '' : '\n'}${text.slice(at)}`;
  const missing = imports.filter((line) => !text.includes(line));
  if (missing.length === 0) return withEntry;
  return `${withEntry.slice(0, afterImports)}${afterImports > 0 ? '\n' : ''}${missing.join('\n')}${afterImports > 0 ? '' : '\n'}${withEntry.slice(afterImports)}`;
}

export function planFigure(root: string, chapter: string, name: string): Plan {
  const chapters = chapterFolders(root);
  if (!chapter || !chapters.some((c) => c.slug === chapter)) {
    throw new ScaffoldError(`"${chapter ?? ''}" is not a chapter. Chapters: ${chapters.map((c) => c.slug).join(', ') || 'none yet'} (npm run new:chapter makes one)`);
  }
  if (!name || !FIGURE_NAME.test(name)) {
    throw new ScaffoldError(`"${name ?? ''}" is not a figure name: write it in PascalCase, letters and digits, e.g. PacketRace`);
  }
  const base = name.endsWith('Figure') && name !== 'Figure' ? name.slice(0, -'Figure'.length) : name;
  const key = kebab(base);
  if (key.length > MAX_NAME) throw new ScaffoldError(`"${name}" is too long for a figure name (at most ${MAX_NAME} characters as ${key})`);
  const figureName = `${chapter}/${key}`;
  const component = `${base}Figure`;
  const model = camel(base);
  const spec = `${model}Inputs`;
  const table = `${model}Table`;
  const figuresDir = `components/figures/${chapter}`;
  const registryFile = `${figuresDir}/registry.ts`;
  const loadersFile = `${figuresDir}/loaders.ts`;
  const files = {
    model: `lib/${chapter}/${model}.ts`,
    test: `test/unit/${chapter}-${key}.test.ts`,
    component: `${figuresDir}/${component}.tsx`,
    styles: `${figuresDir}/${component}.module.css`,
  };
  for (const file of [registryFile, loadersFile]) {
    if (existsSync(path.join(root, file)) && new RegExp(`['"]${figureName}['"]`).test(readFileSync(path.join(root, file), 'utf8'))) {
      throw new ScaffoldError(`figure "${figureName}" is registered already in ${file}; pick another name`);
    }
  }
  refuseExisting(root, Object.values(files));

  const create: Record<string, string> = {
    [files.model]: modelSource(base, model, spec, table),
    [files.test]: testSource(chapter, base, model, spec, table),
    [files.component]: componentSource(chapter, base, component, model, spec, table, key),
    [files.styles]: stylesSource(),
  };
  const update: Record<string, string> = {};
  const registryEntry = `  '${figureName}': {\n    still: () => ${table}(defaultInputs(${spec})),\n    inputs: ${spec},\n  },`;
  const registryImports = [`import { defaultInputs } from '@/lib/figures/inputSpec';`, `import { ${spec}, ${table} } from '@/lib/${chapter}/${model}';`];
  const loaderEntry = `  '${figureName}': () => import('./${component}'),`;
  if (existsSync(path.join(root, registryFile))) {
    update[registryFile] = insertEntry(readFileSync(path.join(root, registryFile), 'utf8'), registryFile, 'figures', registryEntry, registryImports);
  } else {
    create[registryFile] = [
      "import type { FigureRegistry } from '../types';",
      ...registryImports,
      '',
      `/** Figures of the "${chapter}" chapter, keyed "${chapter}/<figure>": each one's still and inputs (server side). */`,
      'export const figures: FigureRegistry = {',
      registryEntry,
      '};',
      '',
    ].join('\n');
  }
  if (existsSync(path.join(root, loadersFile))) {
    update[loadersFile] = insertEntry(readFileSync(path.join(root, loadersFile), 'utf8'), loadersFile, 'loaders', loaderEntry, []);
  } else {
    create[loadersFile] = [
      "import type { FigureLoaders } from '../types';",
      '',
      `/** The interactive parts of the "${chapter}" chapter's figures, each in its own chunk, loaded by LazyFigure. */`,
      'export const loaders: FigureLoaders = {',
      loaderEntry,
      '};',
      '',
    ].join('\n');
  }
  const chapterFile = `content/${chapters.find((c) => c.slug === chapter)!.folder}/index.mdx`;
  return {
    create,
    update,
    next: [
      `Created ${Object.keys(create).join(', ')}${Object.keys(update).length ? `; registered it in ${Object.keys(update).join(' and ')}` : ''}.`,
      `It is live now at /catalog#catalog-${chapter}-${key} (npm run dev). To put it in the chapter, add to ${chapterFile}:`,
      `  <Figure name="${figureName}" caption="One sentence: what to look at or try." alt="What the figure shows, in words." />`,
      `Then replace the model in ${files.model} with the real one, its test's numbers in ${files.test}, and the drawing in ${files.component}.`,
      `Check it: npx vitest run ${files.test}, then npm run check.`,
    ],
  };
}

function modelSource(base: string, model: string, spec: string, table: string): string {
  return `import { defineInputs, numberInput, type InputValues } from '@/lib/figures/inputSpec';
import type { TableData } from '@/lib/table';

/**
 * The ${base} figure's model: pure, inputs in and numbers out (no Date.now, no Math.random, no DOM), so a
 * unit test pins it with exact values and the figure, its still and any other user compute the same thing.
 *
 * This is the scaffold's stand-in (bar i is i squared): replace it with the model the figure teaches, its
 * inputs' ranges with the ones the model is valid for, and the test's numbers with the ones you checked.
 */

/** What the reader can set, with defaults and ranges: the figure's controls, its still and its shared links use these. */
export const ${spec} = defineInputs({
  bars: numberInput({ min: 1, max: 12, step: 1 }, 4, 'Bars'),
});

export type ${base}Inputs = InputValues<typeof ${spec}>;

export interface ${base}Bar {
  index: number;
  value: number;
}

export interface ${base}Result {
  bars: ${base}Bar[];
  total: number;
}

export function ${model}(inputs: ${base}Inputs): ${base}Result {
  const bars = Array.from({ length: inputs.bars }, (_, i) => ({ index: i + 1, value: (i + 1) ** 2 }));
  return { bars, total: bars.reduce((sum, bar) => sum + bar.value, 0) };
}

/** The figure's numbers as a table: its text alternative, and its still at the default inputs. */
export function ${table}(inputs: ${base}Inputs): TableData {
  const result = ${model}(inputs);
  return {
    caption: \`${base}: \${inputs.bars} bars, \${result.total} in all\`,
    columns: ['Bar', 'Value'],
    rows: result.bars.map((bar) => [bar.index, bar.value]),
  };
}
`;
}

function testSource(chapter: string, base: string, model: string, spec: string, table: string): string {
  return `import { describe, expect, it } from 'vitest';
import { defaultInputs } from '@/lib/figures/inputSpec';
import { ${model}, ${spec}, ${table} } from '@/lib/${chapter}/${model}';

describe('the ${base} model', () => {
  it('gives the figure four bars of 1, 4, 9 and 16 at its defaults, 30 in all', () => {
    expect(${model}(defaultInputs(${spec}))).toEqual({
      bars: [
        { index: 1, value: 1 },
        { index: 2, value: 4 },
        { index: 3, value: 9 },
        { index: 4, value: 16 },
      ],
      total: 30,
    });
  });

  it('reads as a table with a row per bar', () => {
    expect(${table}({ bars: 2 })).toEqual({ caption: '${base}: 2 bars, 5 in all', columns: ['Bar', 'Value'], rows: [[1, 1], [2, 4]] });
  });
});
`;
}

function componentSource(chapter: string, base: string, component: string, model: string, spec: string, table: string, key: string): string {
  return `'use client';
import { DataTable } from '@/components/figures/DataTable';
import { useFigureStore, useInputs } from '@/components/figures/useFigureStore';
import { useMeasuredWidth } from '@/components/figures/useMeasuredWidth';
import { Stage, Workbench } from '@/components/figures/Workbench';
import { Slider } from '@/components/controls/Slider';
import { defaultInputs, inputBounds } from '@/lib/figures/inputSpec';
import { ${model}, ${spec}, ${table} } from '@/lib/${chapter}/${model}';
import styles from './${component}.module.css';

/** The chart is as wide as the figure, in figure units (so its 13-unit labels read as 13 px on a phone), up to this. */
const MAX_WIDTH = 640;
const HEIGHT = 200;

/**
 * Figure ${chapter}/${key}: the reader's inputs live in the figure's store (useFigureStore), every number
 * drawn comes from lib/${chapter}/${model}.ts, and the data table says the same in words. The drawing is the
 * <Stage> and the controls follow it inside the <Workbench>, so on a phone the drawing stays in sight while a
 * control is used (components/README.md, "Layout").
 */
export default function ${component}() {
  const store = useFigureStore(() => defaultInputs(${spec}));
  const inputs = useInputs(store);
  const result = ${model}(inputs);
  const [frame, measured] = useMeasuredWidth<HTMLDivElement>(MAX_WIDTH);
  const width = Math.round(Math.min(MAX_WIDTH, measured));
  const tallest = Math.max(...result.bars.map((bar) => bar.value), 1);
  const slot = width / result.bars.length;

  return (
    <div className={styles.figure}>
      <Workbench>
        <Stage>
          <div ref={frame}>
            <svg className={styles.chart} viewBox={\`0 0 \${width} \${HEIGHT}\`} role="img" aria-label={\`\${result.bars.length} bars, \${result.total} in all\`}>
              {result.bars.map((bar, i) => {
                const height = (bar.value / tallest) * (HEIGHT - 24);
                return (
                  <g key={bar.index}>
                    <rect className={styles.bar} x={i * slot + 4} y={HEIGHT - height} width={Math.max(slot - 8, 1)} height={height} />
                    <text className={styles.label} x={i * slot + slot / 2} y={HEIGHT - height - 6} textAnchor="middle">
                      {bar.value}
                    </text>
                  </g>
                );
              })}
            </svg>
          </div>
        </Stage>
        <div className="controls">
          <Slider
            label={${spec}.bars.label}
            name="${key}-bars"
            value={inputs.bars}
            {...inputBounds(${spec}.bars)}
            onChange={(bars) => store.setState({ bars })}
          />
        </div>
      </Workbench>
      <DataTable data={${table}(inputs)} />
    </div>
  );
}
`;
}

function stylesSource(): string {
  return `.figure {
  display: grid;
  gap: 0.75rem;
}
.chart {
  width: 100%;
  height: auto;
}
.bar {
  fill: var(--accent);
}
.label {
  fill: var(--fg);
  /* viewBox units: the chart's width is in figure units, so 13 reads as 13 px on a phone and grows on a projector */
  font-size: 13px;
  font-family: var(--font-mono);
}
`;
}
