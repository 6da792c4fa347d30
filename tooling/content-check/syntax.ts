import { createProcessor } from '@mdx-js/mdx';
import remarkFrontmatter from 'remark-frontmatter';
import { nodeText, pageSlugger } from '../slug.mjs';
import { START, type Place } from './problems';

/**
 * What the content check needs to know of one chapter's MDX, read from the MDX syntax tree (the same parser
 * the build uses) with the line and column of everything. When the MDX does not parse, the tags, links and
 * headings are found by a simpler scan of the text instead, so the other checks still report their problems
 * beside the syntax error.
 */

/** An attribute's value: the string of `name="…"`, or the source of `name={…}` (an expression). */
export interface TagAttribute {
  name: string;
  /** The literal string, or null when the value is an expression or absent. */
  value: string | null;
  /** The expression's source, for `name={…}`. */
  expression: string | null;
  place: Place;
}

export interface Tag {
  /** "Figure", "Line", "a"... */
  name: string;
  place: Place;
  attributes: Map<string, TagAttribute>;
  /** Names of the JSX elements around it, outermost first; null when the MDX did not parse. */
  parents: string[] | null;
}

export interface Link {
  url: string;
  place: Place;
}

export interface Heading {
  text: string;
  /** The id the page gives it (tooling/remark-heading-ids.mjs). */
  id: string;
  place: Place;
}

export interface SyntaxError {
  reason: string;
  /** The rule that failed, e.g. "end-tag-mismatch" (from micromark or mdast-util-mdx-jsx). */
  rule: string | null;
  place: Place;
}

export interface ChapterSyntax {
  tags: Tag[];
  links: Link[];
  headings: Heading[];
  /** Set when the MDX does not parse; the rest then comes from the text scan. */
  syntaxError: SyntaxError | null;
}

interface Position {
  start: { line: number; column: number };
}

interface MdxNode {
  type: string;
  name?: string | null;
  url?: string;
  attributes?: MdxAttribute[];
  children?: MdxNode[];
  position?: Position;
}

interface MdxAttribute {
  type: string;
  name?: string;
  value?: string | null | { type: string; value: string };
  position?: Position;
}

const placeOf = (position: Position | undefined, fallback: Place = START): Place =>
  position ? { line: position.start.line, column: position.start.column } : fallback;

function attributesOf(node: MdxNode, fallback: Place): Map<string, TagAttribute> {
  const attributes = new Map<string, TagAttribute>();
  for (const attribute of node.attributes ?? []) {
    if (attribute.type !== 'mdxJsxAttribute' || !attribute.name) continue;
    const value = attribute.value;
    attributes.set(attribute.name, {
      name: attribute.name,
      value: typeof value === 'string' ? value : null,
      expression: value && typeof value === 'object' ? value.value : null,
      place: placeOf(attribute.position, fallback),
    });
  }
  return attributes;
}

function fromTree(tree: MdxNode): Omit<ChapterSyntax, 'syntaxError'> {
  const tags: Tag[] = [];
  const links: Link[] = [];
  const headings: Heading[] = [];
  const slug = pageSlugger();
  const walk = (node: MdxNode, parents: string[]) => {
    const isElement = node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement';
    if (isElement && node.name) {
      const place = placeOf(node.position);
      const tag: Tag = { name: node.name, place, attributes: attributesOf(node, place), parents };
      tags.push(tag);
      const href = tag.attributes.get('href');
      if (node.name === 'a' && href?.value) links.push({ url: href.value, place: href.place });
    } else if (node.type === 'link' && node.url !== undefined) {
      links.push({ url: node.url, place: placeOf(node.position) });
    } else if (node.type === 'heading') {
      const text = nodeText(node);
      headings.push({ text, id: slug(text), place: placeOf(node.position) });
    }
    const inside = isElement && node.name ? [...parents, node.name] : parents;
    for (const child of node.children ?? []) walk(child, inside);
  };
  walk(tree, []);
  return { tags, links, headings };
}

/** 1-based line and column of `offset` in `text`. */
export function placeAt(text: string, offset: number): Place {
  const before = text.slice(0, offset);
  const line = (before.match(/\n/g)?.length ?? 0) + 1;
  return { line, column: offset - before.lastIndexOf('\n') };
}

// An attribute: name, or name="…", name='…', name={…} (one level of nested braces).
const ATTRIBUTE = /([A-Za-z_][\w-]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|\{((?:[^{}]|\{[^{}]*\})*)\}))?/g;
const TAG = /<([A-Za-z][\w.]*)((?:\s+(?:[A-Za-z_][\w-]*)(?:\s*=\s*(?:"[^"]*"|'[^']*'|\{(?:[^{}]|\{[^{}]*\})*\}))?)*)\s*\/?>/g;

/** The same facts, found in the text by patterns: for a chapter whose MDX does not parse. */
function fromText(text: string, frontmatterLines: number): Omit<ChapterSyntax, 'syntaxError'> {
  const body = text.split('\n').map((line, i) => (i < frontmatterLines ? '' : line)).join('\n');
  const withoutCode = body.replace(/```[\s\S]*?```/g, (block) => block.replace(/[^\n]/g, ' '));
  const tags: Tag[] = [];
  const links: Link[] = [];
  for (const match of withoutCode.matchAll(TAG)) {
    const place = placeAt(withoutCode, match.index);
    const attributes = new Map<string, TagAttribute>();
    const source = match[2];
    const sourceStart = match.index + 1 + match[1].length;
    for (const attribute of source.matchAll(ATTRIBUTE)) {
      const value = attribute[2] ?? attribute[3] ?? null;
      attributes.set(attribute[1], {
        name: attribute[1],
        value,
        expression: attribute[4] ?? null,
        place: placeAt(withoutCode, sourceStart + attribute.index),
      });
    }
    tags.push({ name: match[1], place, attributes, parents: null });
    const href = attributes.get('href');
    if (match[1] === 'a' && href?.value) links.push({ url: href.value, place: href.place });
  }
  for (const match of withoutCode.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    links.push({ url: match[1], place: placeAt(withoutCode, match.index + 2) });
  }
  const slug = pageSlugger();
  const headings: Heading[] = [];
  for (const match of withoutCode.matchAll(/^#{1,6}[ \t]+(.+?)[ \t#]*$/gm)) {
    const headingText = match[1].replace(/[*_`]/g, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
    headings.push({ text: headingText, id: slug(headingText), place: placeAt(withoutCode, match.index) });
  }
  return { tags, links, headings };
}

/** Where a parse error is: its place, or the "(7:1-7:18)" that some messages carry in their text. */
function errorPlace(error: { line?: number; column?: number; reason?: string; message?: string }): Place {
  if (error.line && error.column) return { line: error.line, column: error.column };
  const inText = /\((\d+):(\d+)-/.exec(error.reason ?? error.message ?? '');
  return inText ? { line: Number(inText[1]), column: Number(inText[2]) } : START;
}

export function describeMdxError(error: unknown): SyntaxError {
  const e = error as { line?: number; column?: number; reason?: string; message?: string; ruleId?: string };
  return { reason: e.reason ?? e.message ?? String(error), rule: e.ruleId ?? null, place: errorPlace(e) };
}

/** Number of lines the frontmatter block takes, fences included (0 without frontmatter). */
export function frontmatterLineCount(text: string): number {
  const match = /^---\r?\n[\s\S]*?\r?\n---[ \t]*(\r?\n|$)/.exec(text);
  return match ? (match[0].match(/\n/g)?.length ?? 0) : 0;
}

/** Reads one chapter's MDX (frontmatter included, so lines and columns are the file's own). */
export function readChapterSyntax(text: string, path: string): ChapterSyntax {
  const processor = createProcessor({ remarkPlugins: [remarkFrontmatter] });
  try {
    const tree = processor.parse({ value: text, path }) as unknown as MdxNode;
    return { ...fromTree(tree), syntaxError: null };
  } catch (error) {
    return { ...fromText(text, frontmatterLineCount(text)), syntaxError: describeMdxError(error) };
  }
}
