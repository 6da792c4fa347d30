/**
 * `npm run content`: checks every chapter and writes content/chapters.generated.ts (metadata) and
 * content/chapter-bodies.generated.ts (the MDX), the registries the site reads. Runs before dev, build,
 * check and test, so a mistake fails fast and names the file and the field:
 *   - frontmatter against lib/content/chapters.ts's schema (title, summary, order, minutes, sources);
 *   - folder name NN-slug against the episode's slugs and order;
 *   - every <Cite id>, frontmatter source, <Term id> and <Figure name> against its registry;
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

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const contentDir = path.join(root, 'content');
const FOLDER = /^(\d\d)-([a-z0-9-]+)$/;

export interface ContentProblem {
  file: string;
  message: string;
}

function attributeValues(body: string, tag: string, attribute: string): string[] {
  const pattern = new RegExp(`<${tag}\\b[^>]*?\\b${attribute}=["']([^"']*)["']`, 'g');
  return [...body.matchAll(pattern)].map((match) => match[1]);
}

function countWords(body: string): number {
  const prose = body
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
    const problem = (message: string) => problems.push({ file: relative, message });
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
    for (const id of attributeValues(body, 'Cite', 'id')) {
      if (!isSourceId(id)) problem(`<Cite id="${id}">: unknown source id (add it to lib/sources.ts)`);
    }
    for (const id of attributeValues(body, 'Term', 'id')) {
      if (!isGlossaryId(id)) problem(`<Term id="${id}">: unknown glossary id (add it to lib/glossary.ts)`);
    }
    const figureNames = attributeValues(body, 'Figure', 'name');
    for (const name of figureNames) {
      if (!(name in figureRegistry)) problem(`<Figure name="${name}">: not registered in components/figures/${slug}/registry.ts`);
      else if (!(name in figureLoaders)) problem(`<Figure name="${name}">: has a still but no loader in components/figures/${slug}/loaders.ts`);
    }
    const estimate = estimateMinutes(countWords(body), figureNames.length);
    if (meta.minutes < estimate / 2 || meta.minutes > estimate * 2) {
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
    for (const p of problems) console.error(`  ${p.file}: ${p.message}`);
    process.exit(1);
  }
  writeIfChanged(path.join(contentDir, 'chapters.generated.ts'), generateMeta(chapters));
  writeIfChanged(path.join(contentDir, 'chapter-bodies.generated.ts'), generateBodies(chapters));
  console.log(`Content OK: ${chapters.length} chapter${chapters.length === 1 ? '' : 's'} (${chapters.map((c) => c.slug).join(', ') || 'none yet'})`);
}
