/**
 * `npm run content`: checks every chapter and writes content/chapters.generated.ts (metadata) and
 * content/chapter-bodies.generated.ts (the MDX), the registries the site reads. Runs before dev, build,
 * check and test, so a mistake fails fast and names the file and the field:
 *   - frontmatter against lib/content/chapters.ts's schema (title, summary, order, minutes, sources);
 *   - folder name NN-slug against the episode's slugs and order;
 *   - every <Cite id>, frontmatter source, <Term id>, <Figure name> and <Value of> against its registry,
 *     with the line it is on;
 *   - the frontmatter's sources against the ids the chapter cites (each listed source is cited, and back);
 *   - the stated reading time against the text's length.
 */
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import matter from 'gray-matter';
import { CHAPTER_SLUGS, estimateMinutes, frontmatterSchema, type ChapterMeta } from '@/lib/content/chapters';
import { isSourceId } from '@/lib/sources';
import { isGlossaryId } from '@/lib/glossary';
import { figureRegistry } from '@/components/figures/registry';
import { figureLoaders } from '@/components/figures/loaders';
import { isValueName } from '@/lib/values';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const contentDir = path.join(root, 'content');
const FOLDER = /^(\d\d)-([a-z0-9-]+)$/;
/** A chapter's stated reading time may differ from the estimate by at most this many minutes. */
export const MINUTES_TOLERANCE = 1;

export interface ContentProblem {
  file: string;
  /** 1-based line in the file, when the problem is at one place. */
  line?: number;
  message: string;
}

interface AttributeValue {
  value: string;
  /** 1-based line of the tag in the whole file (frontmatter included). */
  line: number;
}

/** Every `<Tag ... attribute="value">` in `text`, with its line; `firstLine` is the line `text` starts on. */
function attributeValues(text: string, tag: string, attribute: string, firstLine = 1): AttributeValue[] {
  const pattern = new RegExp(`<${tag}\\b[^>]*?\\b${attribute}=["']([^"']*)["']`, 'g');
  return [...text.matchAll(pattern)].map((match) => ({
    value: match[1],
    line: firstLine + (text.slice(0, match.index).match(/\n/g)?.length ?? 0),
  }));
}

/** "content/01-x/index.mdx:12: message" (or without the line). */
export function formatProblem(problem: ContentProblem): string {
  return `${problem.file}${problem.line ? `:${problem.line}` : ''}: ${problem.message}`;
}

/** The body without its <Figure ... /> elements (their alt text and caption are not read as prose). */
function withoutFigures(body: string): string {
  let out = '';
  let i = 0;
  while (i < body.length) {
    const start = body.indexOf('<Figure', i);
    if (start < 0) break;
    out += body.slice(i, start);
    // Walk to the "/>" that closes the element, skipping braces and quoted attribute values.
    let depth = 0;
    let quote: string | null = null;
    let j = start + '<Figure'.length;
    for (; j < body.length; j++) {
      const c = body[j];
      if (quote) {
        if (c === quote) quote = null;
      } else if (c === '"' && depth === 0) quote = c;
      else if (c === '{') depth++;
      else if (c === '}') depth--;
      else if (depth === 0 && c === '/' && body[j + 1] === '>') break;
    }
    i = j + 2;
  }
  return out + body.slice(i);
}

export function countWords(body: string): number {
  const prose = withoutFigures(body)
    .replace(/^import .*$/gm, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/[#*_`>{}[\]()]/g, ' ');
  return prose.split(/\s+/).filter(Boolean).length;
}

export function checkContent(dir = contentDir): { chapters: ChapterMeta[]; problems: ContentProblem[] } {
  const problems: ContentProblem[] = [];
  const chapters: ChapterMeta[] = [];
  const folders = readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory());

  for (const folder of folders) {
    const relative = `content/${folder.name}/index.mdx`;
    const problem = (message: string, line?: number) => problems.push({ file: relative, ...(line ? { line } : {}), message });
    const match = FOLDER.exec(folder.name);
    if (!match) {
      problems.push({ file: `content/${folder.name}`, message: 'a chapter folder is named NN-slug, e.g. 01-udp-vs-tcp' });
      continue;
    }
    const file = path.join(dir, folder.name, 'index.mdx');
    if (!existsSync(file)) {
      problem('missing: a chapter folder holds index.mdx');
      continue;
    }
    const [, number, slug] = match;
    const source = readFileSync(file, 'utf8');
    let parsed: matter.GrayMatterFile<string>;
    try {
      parsed = matter(source);
    } catch (error) {
      problem(`frontmatter is not valid YAML: ${(error as Error).message}`);
      continue;
    }
    const result = frontmatterSchema.safeParse(parsed.data);
    if (!result.success) {
      for (const issue of result.error.issues) {
        problem(`frontmatter field "${issue.path.join('.') || '(root)'}": ${issue.message}`);
      }
      continue;
    }
    const meta = result.data;
    const expectedIndex = CHAPTER_SLUGS.indexOf(slug as (typeof CHAPTER_SLUGS)[number]);
    if (expectedIndex < 0) {
      problem(`slug "${slug}" is not one of the episode's chapters: ${CHAPTER_SLUGS.join(', ')}`);
      continue;
    }
    if (meta.order !== expectedIndex + 1 || Number(number) !== expectedIndex + 1) {
      problem(`frontmatter field "order": "${slug}" is chapter ${expectedIndex + 1}, so order is ${expectedIndex + 1} and the folder starts with ${String(expectedIndex + 1).padStart(2, '0')}-`);
    }
    for (const id of meta.sources) {
      if (!isSourceId(id)) problem(`frontmatter field "sources": unknown source id "${id}" (lib/sources.ts)`);
    }
    const body = parsed.content;
    // gray-matter drops the frontmatter; the body starts after it, so lines are counted from there.
    const bodyFirstLine = 1 + (source.slice(0, source.length - body.length).match(/\n/g)?.length ?? 0);
    const tags = (tag: string, attribute: string) => attributeValues(body, tag, attribute, bodyFirstLine);
    const citedIds = tags('Cite', 'id');
    for (const { value: id, line } of citedIds) {
      if (!isSourceId(id)) problem(`<Cite id="${id}">: unknown source id (add it to lib/sources.ts)`, line);
    }
    for (const id of meta.sources) {
      if (isSourceId(id) && !citedIds.some((cite) => cite.value === id)) {
        problem(`frontmatter field "sources": lists "${id}", which the chapter never cites (cite it or remove it)`);
      }
    }
    const firstCites = citedIds.filter((cite, i) => citedIds.findIndex((other) => other.value === cite.value) === i);
    for (const { value: id, line } of firstCites) {
      if (isSourceId(id) && !meta.sources.includes(id)) problem(`<Cite id="${id}">: cited but missing from the frontmatter field "sources"`, line);
    }
    for (const { value: id, line } of tags('Term', 'id')) {
      if (!isGlossaryId(id)) problem(`<Term id="${id}">: unknown glossary id (add it to lib/glossary.ts)`, line);
    }
    const figureNames = tags('Figure', 'name').map(({ value: name, line }) => {
      if (!(name in figureRegistry)) problem(`<Figure name="${name}">: not registered in components/figures/${slug}/registry.ts`, line);
      else if (!(name in figureLoaders)) problem(`<Figure name="${name}">: has a still but no loader in components/figures/${slug}/loaders.ts`, line);
      return name;
    });
    for (const { value: name, line } of tags('Value', 'of')) {
      if (!isValueName(name)) problem(`<Value of="${name}">: unknown value name (register it in lib/values/)`, line);
    }
    const estimate = estimateMinutes(countWords(body), figureNames.length);
    if (Math.abs(meta.minutes - estimate) > MINUTES_TOLERANCE) {
      problem(`frontmatter field "minutes": says ${meta.minutes}, but the text and figures take about ${estimate}`);
    }
    chapters.push({ ...meta, slug: slug as ChapterMeta['slug'], folder: folder.name });
  }
  chapters.sort((a, b) => a.order - b.order);
  return { chapters, problems };
}

/** content/chapters.generated.ts: the chapters' metadata, for every page (the landing page lists them). */
function generateMeta(chapters: ChapterMeta[]): string {
  return [
    '// Generated by scripts/content.ts (npm run content). Do not edit: add a chapter folder instead.',
    "import type { ChapterMeta } from '@/lib/content/chapters';",
    '',
    `export const chapters: ChapterMeta[] = ${JSON.stringify(chapters, null, 2)};`,
    '',
  ].join('\n');
}

/**
 * content/chapter-bodies.generated.ts: the chapters' MDX, for the chapter route only. A separate file so
 * that a page importing the metadata does not pull every chapter (and every figure it names) into its graph.
 */
function generateBodies(chapters: ChapterMeta[]): string {
  return [
    '// Generated by scripts/content.ts (npm run content). Do not edit: add a chapter folder instead.',
    "import type { ComponentType } from 'react';",
    '',
    'export const chapterBodies: Record<string, () => Promise<{ default: ComponentType }>> = {',
    ...chapters.map((c) => `  ${JSON.stringify(c.slug)}: () => import('./${c.folder}/index.mdx'),`),
    '};',
    '',
  ].join('\n');
}

function writeIfChanged(file: string, text: string): void {
  if (!existsSync(file) || readFileSync(file, 'utf8') !== text) writeFileSync(file, text);
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const { chapters, problems } = checkContent();
  if (problems.length > 0) {
    console.error(`Content check failed (${problems.length} problem${problems.length > 1 ? 's' : ''}):`);
    for (const p of problems) console.error(`  ${formatProblem(p)}`);
    process.exit(1);
  }
  writeIfChanged(path.join(contentDir, 'chapters.generated.ts'), generateMeta(chapters));
  writeIfChanged(path.join(contentDir, 'chapter-bodies.generated.ts'), generateBodies(chapters));
  console.log(`Content OK: ${chapters.length} chapter${chapters.length === 1 ? '' : 's'} (${chapters.map((c) => c.slug).join(', ') || 'none yet'})`);
}
