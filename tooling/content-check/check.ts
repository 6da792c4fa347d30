import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import matter from 'gray-matter';
import { compile } from '@mdx-js/mdx';
import { CHAPTER_FOLDER, FRONTMATTER_FIELDS, estimateMinutes, frontmatterSchema, type ChapterMeta, type Frontmatter } from '@/lib/content/chapters';
import { isSourceId } from '@/lib/sources';
import { isGlossaryId } from '@/lib/glossary';
import { isValueName, proseValue, proseValues } from '@/lib/values';
import { figureElementId } from '@/lib/figures/address';
import type { FigureUse } from '@/lib/figures/uses';
import type { FigureEntry } from '@/components/figures/types';
import { remarkPlugins as remarkPluginSpecifiers } from '../mdx-plugins.mjs';
import { describeComponents, exampleFile, type ComponentDoc } from './components';
import { loadFigures } from './figures';
import { matchRoute, siteRoutes, type Route } from './routes';
import { START, sortProblems, type ContentProblem, type Place } from './problems';
import { describeMdxError, readChapterSyntax, type ChapterSyntax, type SyntaxError } from './syntax';

/**
 * The content check (`npm run content`): reads every chapter under content/ and reports every problem at
 * once, each with its file, line and column and how to fix it. It checks, per chapter:
 *   - the folder name (NN-slug) and the numbers (01, 02... with no gaps or repeats);
 *   - the frontmatter against lib/content/chapters.ts's schema, `order` against the folder's number;
 *   - that the MDX compiles, with the same remark plugins as the build (tooling/mdx-plugins.mjs);
 *   - each tag against the MDX component map (mdx-components.tsx, read with TypeScript): unknown
 *     components, unknown or missing props, a value outside a prop's string literals (<Line who>), a <Line>
 *     outside a <Dialogue>, a <Figure> with an empty caption or text alternative;
 *   - every <Cite id>, <Term id>, <Value of> and <Figure name> against lib/sources.ts, lib/glossary.ts,
 *     lib/values and the figure registries; the frontmatter's sources against the chapter's citations, both
 *     ways (a source listed but never cited is a problem);
 *   - every internal link against the site's routes (app/), the chapters and their #anchors;
 *   - the stated reading time against the text (within a minute; figures' captions and alt are not prose).
 */

export type { FigureUse };

export interface ContentReport {
  chapters: ChapterMeta[];
  /** Every <Figure> in every chapter, in chapter order. */
  figureUses: FigureUse[];
  problems: ContentProblem[];
}

export interface CheckOptions {
  /** The project root (app/, components/, mdx-components.tsx); default: this checkout. */
  root?: string;
  /** Where the chapter folders are; default: <root>/content. */
  contentDir?: string;
  /** The registered figures; default: every components/figures/<chapter>/registry.ts under root. */
  figures?: Record<string, FigureEntry>;
  /**
   * Whether to check the components' examples for /catalog too (they link to this episode's chapters);
   * default: only when checking the episode's own content folder.
   */
  examples?: boolean;
}

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A chapter's stated reading time may differ from the estimate by at most this many minutes. */
export const MINUTES_TOLERANCE = 1;

/** The body without its <Figure ... /> elements: their caption and alt text are not prose to read. */
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

/** Edit distance, for "did you mean". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}

/** " Did you mean "x"?" when one candidate is close, else "". */
function didYouMean(value: string, candidates: Iterable<string>): string {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = distance(value, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best !== null && bestDistance <= Math.max(2, Math.floor(value.length / 3)) ? ` Did you mean "${best}"?` : '';
}

/** How to fix an MDX syntax error, by the rule that failed. */
function syntaxFix(error: SyntaxError): string {
  if (error.rule === 'end-tag-mismatch' || /closing tag/.test(error.reason)) {
    return 'close every tag: <Aside>…</Aside>, or <Cite id="…" /> when it holds nothing; HTML\'s <br> is written <br />';
  }
  if (error.rule === 'acorn' || /expression|brace/.test(error.reason)) {
    return 'in MDX { starts a JavaScript expression: write \\{ for a literal brace, or finish the expression with }';
  }
  if (/before name|character/.test(error.reason)) {
    return 'in MDX < starts a tag: write &lt; (or "less than") in prose; put attribute values in quotes, caption="…"';
  }
  return 'see https://mdxjs.com/docs/troubleshooting-mdx/ for what MDX accepts';
}

interface ChapterFile {
  folder: string;
  number: number;
  slug: string;
  file: string;
  relative: string;
  text: string;
}

/** Where a frontmatter field is written (its line, column 1), or the file's start when it is missing. */
function fieldPlace(text: string, field: string): Place {
  const lines = text.split('\n');
  const end = lines.indexOf('---', 1);
  for (let i = 1; i < (end < 0 ? lines.length : end); i++) {
    if (new RegExp(`^${field}\\s*:`).test(lines[i])) return { line: i + 1, column: 1 };
  }
  return START;
}

/** Where a value is written inside a frontmatter field (a source id in `sources: [a, b]`). */
function valuePlace(text: string, field: string, value: string): Place {
  const start = fieldPlace(text, field);
  const lines = text.split('\n');
  for (let i = start.line - 1; i < lines.length && lines[i] !== '---'; i++) {
    const column = lines[i].indexOf(value, i === start.line - 1 ? field.length + 1 : 0);
    if (column >= 0) return { line: i + 1, column: column + 1 };
  }
  return start;
}

type Report = (place: Place, message: string, fix: string) => void;

function checkFrontmatter(chapter: ChapterFile, report: Report): { meta: Frontmatter | null; sources: string[] } {
  let data: Record<string, unknown>;
  try {
    data = matter(chapter.text).data;
  } catch (error) {
    const mark = (error as { mark?: { line: number; column: number } }).mark;
    // gray-matter hands js-yaml the text from the opening --- on, so its line 0 is the file's line 1.
    report(mark ? { line: mark.line + 1, column: mark.column + 1 } : START, `frontmatter is not valid YAML: ${(error as Error).message.split('\n')[0]}`, 'write each field as "name: value" between the two --- lines; quote a value that has a colon in it');
    return { meta: null, sources: [] };
  }
  if (Object.keys(data).length === 0) {
    report(START, 'the chapter has no frontmatter', `start the file with a block between --- lines holding ${Object.keys(FRONTMATTER_FIELDS).join(', ')} (npm run new:chapter writes one)`);
    return { meta: null, sources: [] };
  }
  const sources = Array.isArray(data.sources) ? data.sources.filter((id): id is string => typeof id === 'string') : [];
  const result = frontmatterSchema.safeParse(data);
  if (!result.success) {
    for (const issue of result.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) {
          report(fieldPlace(chapter.text, key), `frontmatter field "${key}" is not one the site reads`, `remove it; the fields are ${Object.keys(FRONTMATTER_FIELDS).join(', ')}`);
        }
        continue;
      }
      const field = String(issue.path[0] ?? '');
      const hint = FRONTMATTER_FIELDS[field as keyof typeof FRONTMATTER_FIELDS];
      const missing = !(field in data);
      report(
        fieldPlace(chapter.text, field),
        missing ? `frontmatter field "${field}" is missing` : `frontmatter field "${field}": ${issue.message}`,
        hint ? `"${field}" is ${hint}` : 'see lib/content/chapters.ts for the fields',
      );
    }
  }
  if (typeof data.order === 'number' && data.order !== chapter.number) {
    report(fieldPlace(chapter.text, 'order'), `frontmatter field "order" is ${data.order}, but the folder ${chapter.folder} makes it chapter ${chapter.number}`, `write order: ${chapter.number}, or rename the folder to ${String(data.order).padStart(2, '0')}-${chapter.slug}`);
  }
  for (const id of sources) {
    if (!isSourceId(id)) {
      report(valuePlace(chapter.text, 'sources', id), `frontmatter field "sources": unknown source id "${id}"`, 'add the source to lib/sources.ts first, or use the id it has there');
    }
  }
  return { meta: result.success ? result.data : null, sources };
}

/** The ids a link may point at on a chapter's page. */
function anchorsOf(syntax: ChapterSyntax): Set<string> {
  const anchors = new Set(['main', ...syntax.headings.map((heading) => heading.id)]);
  const seen = new Map<string, number>();
  let cites = 0;
  for (const tag of syntax.tags) {
    if (tag.name === 'Figure') {
      const name = tag.attributes.get('name')?.value;
      if (!name) continue;
      const occurrence = seen.get(name) ?? 0;
      seen.set(name, occurrence + 1);
      anchors.add(figureElementId(name, occurrence));
    } else if (tag.name === 'Cite') {
      const id = tag.attributes.get('id')?.value;
      if (!id) continue;
      cites += 1;
      anchors.add(`source-${id}`);
      anchors.add(`cite-${id}`);
    }
  }
  if (cites > 0) anchors.add('sources-heading');
  return anchors;
}

interface Context {
  components: Map<string, ComponentDoc>;
  figures: Record<string, FigureEntry>;
  routes: Route[];
  chapters: Map<string, { anchors: Set<string> }>;
}

const PROP_HINTS: Record<string, string> = {
  'Line.who': 'who="learner" for Milo, who asks; who="guide" for Ada, who explains',
};

/** Checks each tag against the component map: its name, its props and their values, where it stands. */
function checkTags(syntax: ChapterSyntax, context: Context, report: Report): void {
  const authored = [...context.components.values()].filter((doc) => !doc.internal).map((doc) => doc.name);
  for (const tag of syntax.tags) {
    const doc = context.components.get(tag.name);
    if (!doc) {
      if (/^[a-z]/.test(tag.name)) continue; // an HTML element
      report(tag.place, `<${tag.name}> is not a component chapters can use.${didYouMean(tag.name, authored)}`, `use one of ${authored.map((name) => `<${name}>`).join(', ')} (each is shown at /catalog)`);
      continue;
    }
    if (doc.internal) {
      report(tag.place, `<${tag.name}> is added by the build, not written in a chapter`, `remove it; ${doc.description}`);
      continue;
    }
    const props = new Map(doc.props.map((prop) => [prop.name, prop]));
    for (const attribute of doc.openProps ? [] : tag.attributes.values()) {
      const prop = props.get(attribute.name);
      if (!prop) {
        const names = doc.props.filter((p) => !p.internal).map((p) => p.name);
        report(attribute.place, `<${tag.name}> has no prop "${attribute.name}".${didYouMean(attribute.name, names)}`, names.length ? `its props are ${names.join(', ')}` : `<${tag.name}> takes no props`);
      } else if (prop.internal) {
        report(attribute.place, `<${tag.name} ${attribute.name}> is set by the build`, `remove ${attribute.name}="…"; ${prop.description.replace(/^@internal\s*/, '')}`);
      } else if (prop.values && attribute.value !== null && !prop.values.includes(attribute.value)) {
        report(attribute.place, `<${tag.name} ${attribute.name}="${attribute.value}">: ${attribute.name} is ${prop.values.map((v) => `"${v}"`).join(' or ')}`, PROP_HINTS[`${tag.name}.${attribute.name}`] ?? `write one of ${prop.values.map((v) => `${attribute.name}="${v}"`).join(', ')}`);
      }
    }
    for (const prop of doc.props) {
      if (prop.required && !prop.internal && !tag.attributes.has(prop.name)) {
        report(tag.place, `<${tag.name}> needs ${prop.name}="…"`, `${prop.name}: ${prop.description || prop.type}`);
      }
    }
    if (tag.name === 'Line' && tag.parents && !tag.parents.includes('Dialogue')) {
      report(tag.place, '<Line> stands outside a <Dialogue>', 'put the lines of one exchange inside <Dialogue>…</Dialogue>');
    }
    if (tag.name === 'Figure') {
      for (const name of ['caption', 'alt']) {
        const attribute = tag.attributes.get(name);
        if (attribute && attribute.value !== null && attribute.value.trim() === '') {
          const what = name === 'caption' ? 'a caption (one sentence under the figure: what to look at or try)' : 'a text alternative (what the figure shows, in words, for a reader who cannot see it)';
          report(attribute.place, `<Figure ${name}=""> is empty`, `give the figure ${what}`);
        }
      }
    }
  }
}

/** Every <Cite id>, <Term id>, <Value of> and <Figure name> must name something that exists. */
function checkReferences(syntax: ChapterSyntax, chapter: ChapterFile, context: Context, report: Report): void {
  for (const tag of syntax.tags) {
    if (tag.name === 'Cite') {
      const id = tag.attributes.get('id');
      if (id?.value && !isSourceId(id.value)) report(id.place, `<Cite id="${id.value}">: unknown source id`, 'add the source to lib/sources.ts (title, publisher, date, url), then cite it by that id');
    } else if (tag.name === 'Term') {
      const id = tag.attributes.get('id');
      if (id?.value && !isGlossaryId(id.value)) report(id.place, `<Term id="${id.value}">: unknown glossary id`, 'add the term to lib/glossary.ts (term, definition), or use the id it has there');
    } else if (tag.name === 'Value') {
      const of = tag.attributes.get('of');
      if (of?.value && !isValueName(of.value)) {
        report(of.place, `<Value of="${of.value}">: unknown value name.${didYouMean(of.value, Object.keys(proseValues))}`, 'register it in lib/values/ (a model computes it there, with its unit), or use the name it has there');
      }
    } else if (tag.name === 'Figure') {
      const name = tag.attributes.get('name');
      if (!name?.value || name.value in context.figures) continue;
      const [folder, figure] = name.value.split('/');
      const fix = figure
        ? `register it in components/figures/${folder}/registry.ts; npm run new:figure -- ${folder} ${figure.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase())} makes one`
        : `a figure's name is "<chapter>/<figure>", e.g. "${chapter.slug}/my-figure"`;
      report(name.place, `<Figure name="${name.value}">: no such figure.${didYouMean(name.value, Object.keys(context.figures))}`, fix);
    }
  }
}

/** The frontmatter lists exactly the sources the chapter cites. */
function checkSourcesCited(syntax: ChapterSyntax, chapter: ChapterFile, listed: string[], report: Report): void {
  const cites = syntax.tags.filter((tag) => tag.name === 'Cite' && tag.attributes.get('id')?.value);
  const cited = new Set(cites.map((tag) => tag.attributes.get('id')!.value!));
  for (const id of listed) {
    if (isSourceId(id) && !cited.has(id)) {
      report(valuePlace(chapter.text, 'sources', id), `frontmatter field "sources" lists "${id}", which the chapter never cites`, `cite it where the chapter uses it, <Cite id="${id}" />, or remove it from sources`);
    }
  }
  const reported = new Set<string>();
  for (const tag of cites) {
    const id = tag.attributes.get('id')!;
    if (isSourceId(id.value!) && !listed.includes(id.value!) && !reported.has(id.value!)) {
      reported.add(id.value!);
      report(id.place, `<Cite id="${id.value}"> is cited but not listed in the frontmatter's sources`, `add ${id.value} to the frontmatter: sources: [..., ${id.value}]`);
    }
  }
}

/** Internal links lead to a page that exists, and their #anchor to an element on it. */
function checkLinks(syntax: ChapterSyntax, chapter: ChapterFile, context: Context, report: Report): void {
  for (const link of syntax.links) {
    const url = link.url.trim();
    if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//')) continue; // another site, mailto:...
    if (!url.startsWith('/') && !url.startsWith('#')) {
      report(link.place, `link "${url}" is relative`, 'write internal links from the site root, /learn/<slug> or /learn/<slug>#<section>, or #<section> for this chapter');
      continue;
    }
    const [beforeHash, hash] = url.split('#', 2);
    const pathname = beforeHash.split('?')[0];
    let anchorChapter: string | null = pathname === '' ? chapter.slug : null;
    if (pathname !== '') {
      const match = matchRoute(context.routes, pathname);
      if (!match) {
        report(link.place, `link "${url}" leads to no page`, `the site's pages are ${context.routes.map((route) => route.pattern).join(', ')}`);
        continue;
      }
      const slug = match.params.slug;
      if (slug !== undefined && match.route.segments[0] !== 'follow' && !context.chapters.has(slug)) {
        report(link.place, `link "${url}": there is no chapter "${slug}".${didYouMean(slug, context.chapters.keys())}`, `link to one of the chapters: ${[...context.chapters.keys()].join(', ')}`);
        continue;
      }
      if (match.route.pattern === '/embed/[chapter]/[figure]' && !(`${match.params.chapter}/${match.params.figure}` in context.figures)) {
        report(link.place, `link "${url}": there is no figure "${match.params.chapter}/${match.params.figure}"`, 'embed a registered figure, /embed/<chapter>/<figure>');
        continue;
      }
      if (match.route.pattern === '/learn/[slug]') anchorChapter = slug;
    }
    if (hash === undefined || hash === '') continue;
    if (anchorChapter === null) continue; // an anchor on a page that is not a chapter: not checked
    const anchors = context.chapters.get(anchorChapter)?.anchors;
    if (anchors && !anchors.has(hash)) {
      const where = anchorChapter === chapter.slug ? 'this chapter' : `chapter "${anchorChapter}"`;
      report(link.place, `link "${url}": ${where} has no #${hash}.${didYouMean(hash, anchors)}`, 'link to a section by its heading in lower case with hyphens (## The mesh -> #the-mesh), or to a figure by figure-<chapter>-<figure>');
    }
  }
}

/**
 * An attribute as plain text: its string, or a fragment of text and <Value of="…" /> (alt={<>… <Value of="x" /> …</>})
 * with each value as the prose shows it; null for any other expression. The embed page and /catalog use it.
 */
export function plainText(attribute: { value: string | null; expression: string | null } | undefined): string | null {
  if (!attribute) return null;
  if (attribute.value !== null) return attribute.value;
  const fragment = /^\s*<>([\s\S]*)<\/>\s*$/.exec(attribute.expression ?? '');
  if (!fragment) return null;
  const text = fragment[1].replace(/<Value\s+of="([^"]+)"\s*\/>/g, (whole, name: string) => (isValueName(name) ? proseValue(name).text : whole));
  return /[<>{}]/.test(text) ? null : text.replace(/\s+/g, ' ').trim();
}

let compilePlugins: Promise<unknown[]> | null = null;

/** The build's remark plugins, imported once. */
function remarkPlugins(): Promise<unknown[]> {
  compilePlugins ??= Promise.all(
    remarkPluginSpecifiers.map(async (specifier: string) => ((await import(specifier)) as { default: unknown }).default),
  );
  return compilePlugins;
}

/** Compiles the chapter as the build does; the first error, if any. */
async function compileError(chapter: ChapterFile): Promise<SyntaxError | null> {
  try {
    await compile({ value: chapter.text, path: chapter.file }, { remarkPlugins: (await remarkPlugins()) as never });
    return null;
  } catch (error) {
    return describeMdxError(error);
  }
}

/**
 * Every component a chapter may use has an example (components/mdx/examples/<name>.mdx) that /catalog shows
 * live; each example is checked like a chapter's text.
 */
async function checkExamples(root: string, context: Context): Promise<ContentProblem[]> {
  const problems: ContentProblem[] = [];
  for (const doc of context.components.values()) {
    if (doc.internal) continue;
    const relative = exampleFile(doc.name);
    const report: Report = (place, message, fix) => problems.push({ file: relative, ...place, message, fix });
    if (doc.example === null) {
      report(START, `<${doc.name}> has no example for /catalog`, `write ${relative}: a few lines of MDX that use <${doc.name}> the way a chapter would`);
      continue;
    }
    const example: ChapterFile = { folder: '', number: 0, slug: '', file: path.join(root, relative), relative, text: doc.example };
    const syntax = readChapterSyntax(example.text, example.file);
    const error = syntax.syntaxError ?? (await compileError(example));
    if (error) report(error.place, `the MDX does not compile: ${error.reason.replace(/\s*\(\d+:\d+-\d+:\d+\)/, '')}`, syntaxFix(error));
    checkTags(syntax, context, report);
    checkReferences(syntax, example, context, report);
    checkLinks(syntax, example, context, report);
  }
  return problems;
}

function listChapterFolders(contentDir: string, problems: ContentProblem[]): ChapterFile[] {
  const chapters: ChapterFile[] = [];
  for (const entry of readdirSync(contentDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const relative = `content/${entry.name}`;
    const match = CHAPTER_FOLDER.exec(entry.name);
    if (!match) {
      problems.push({ file: relative, ...START, message: `"${entry.name}" is not a chapter folder name`, fix: 'name it NN-slug: two digits, a hyphen, then lower-case words joined by hyphens, e.g. 09-turn-servers (npm run new:chapter makes one)' });
      continue;
    }
    const file = path.join(contentDir, entry.name, 'index.mdx');
    if (!existsSync(file)) {
      problems.push({ file: `${relative}/index.mdx`, ...START, message: 'the chapter folder has no index.mdx', fix: 'write the chapter in index.mdx inside its folder (npm run new:chapter makes one)' });
      continue;
    }
    chapters.push({ folder: entry.name, number: Number(match[1]), slug: match[2], file, relative: `${relative}/index.mdx`, text: readFileSync(file, 'utf8') });
  }
  chapters.sort((a, b) => a.number - b.number || a.slug.localeCompare(b.slug));
  // Numbers run 01, 02, 03... without gaps or repeats, so "chapter N of the episode" is true.
  chapters.forEach((chapter, i) => {
    const previous = chapters[i - 1];
    if (previous && previous.number === chapter.number) {
      problems.push({ file: chapter.relative, ...START, message: `chapter number ${chapter.folder.slice(0, 2)} is taken by ${previous.folder} too`, fix: 'give each chapter folder its own number' });
    } else if (chapter.number !== (previous ? previous.number + 1 : 1)) {
      const expected = previous ? previous.number + 1 : 1;
      problems.push({ file: chapter.relative, ...START, message: `chapter numbers skip from ${previous ? previous.folder : 'the start'} to ${chapter.folder}`, fix: `number the folders 01, 02, 03… in order: rename it to ${String(expected).padStart(2, '0')}-${chapter.slug} (and set order: ${expected})` });
    }
  });
  return chapters;
}

export async function checkContent(options: CheckOptions = {}): Promise<ContentReport> {
  const root = options.root ?? repoRoot;
  const contentDir = options.contentDir ?? path.join(root, 'content');
  const problems: ContentProblem[] = [];
  const files = listChapterFolders(contentDir, problems);
  const loaded = options.figures ? { figures: options.figures, problems: [] } : await loadFigures(root);
  problems.push(...loaded.problems);
  const context: Context = {
    components: new Map(describeComponents(root).map((doc) => [doc.name, doc])),
    figures: loaded.figures,
    routes: siteRoutes(root),
    chapters: new Map(),
  };

  const read = files.map((chapter) => {
    const syntax = readChapterSyntax(chapter.text, chapter.file);
    context.chapters.set(chapter.slug, { anchors: anchorsOf(syntax) });
    return { chapter, syntax };
  });

  const chapters: ChapterMeta[] = [];
  const figureUses: FigureUse[] = [];
  for (const { chapter, syntax } of read) {
    const report: Report = (place, message, fix) => problems.push({ file: chapter.relative, ...place, message, fix });
    const { meta, sources } = checkFrontmatter(chapter, report);
    const error = syntax.syntaxError ?? (await compileError(chapter));
    if (error) report(error.place, `the MDX does not compile: ${error.reason.replace(/\s*\(\d+:\d+-\d+:\d+\)/, '')}`, syntaxFix(error));
    checkTags(syntax, context, report);
    checkReferences(syntax, chapter, context, report);
    checkSourcesCited(syntax, chapter, sources, report);
    checkLinks(syntax, chapter, context, report);

    const figures = syntax.tags.filter((tag) => tag.name === 'Figure');
    const seen = new Map<string, number>();
    for (const tag of figures) {
      const figure = tag.attributes.get('name')?.value;
      if (!figure) continue;
      const occurrence = seen.get(figure) ?? 0;
      seen.set(figure, occurrence + 1);
      figureUses.push({ figure, chapter: chapter.slug, occurrence, caption: plainText(tag.attributes.get('caption')), alt: plainText(tag.attributes.get('alt')) });
    }
    if (meta) {
      const body = matter(chapter.text).content;
      const estimate = estimateMinutes(countWords(body), figures.length);
      if (Math.abs(meta.minutes - estimate) > MINUTES_TOLERANCE) {
        report(fieldPlace(chapter.text, 'minutes'), `frontmatter field "minutes" says ${meta.minutes}, but the text and figures take about ${estimate}`, `write minutes: ${estimate}`);
      }
      chapters.push({ ...meta, slug: chapter.slug, folder: chapter.folder });
    }
  }
  if (options.examples ?? options.contentDir === undefined) problems.push(...(await checkExamples(root, context)));
  return { chapters, figureUses, problems: sortProblems(problems) };
}
