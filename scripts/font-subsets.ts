/**
 * Writes app/fonts/<role>.woff2 (run by `npm run content`; gitignored): the site's three variable web fonts cut
 * down to what the pages use, so the two that every page preloads cost half the bytes before the first paint
 * (Inter 48 -> ~24 kB, Source Serif 4 51 -> ~27 kB, measured on the @fontsource-variable Latin files):
 *   - the characters: printable ASCII plus every other character that appears in the site's own text (the
 *     chapters, components, lib/ and app/), found by scanning them, so a chapter that adds a character gets
 *     its glyph without an edit here. A character the subset leaves out (a reader's name in the room, say)
 *     is drawn from the size-matched local fallback (app/fonts.generated.css), as any missing glyph is;
 *   - the weight axis: limited to 400-800, the weights the CSS asks for (app/layout.tsx declares the same
 *     range), instead of 100-900.
 * The cut is hb-subset (HarfBuzz, through the subset-font package, as WebAssembly: nothing is downloaded).
 * A font is rewritten only when its source, its characters or its axes change (app/fonts/subsets.json), so
 * an unchanged run costs a scan and does not make the build look stale.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import subsetFont from 'subset-font';

const root = fileURLToPath(new URL('..', import.meta.url));
export const outDir = path.join(root, 'app/fonts');

/** The weights the site's CSS uses (400 text, 500-800 labels and headings); nothing lighter, nothing heavier. */
export const WEIGHTS = { min: 400, max: 800 } as const;

/** Each web font: where its full Latin file is, and the file this writes. */
export const fonts = {
  sans: 'node_modules/@fontsource-variable/inter/files/inter-latin-wght-normal.woff2',
  serif: 'node_modules/@fontsource-variable/source-serif-4/files/source-serif-4-latin-wght-normal.woff2',
  mono: 'node_modules/@fontsource-variable/jetbrains-mono/files/jetbrains-mono-latin-wght-normal.woff2',
} as const;

/** Where the site's visible text is written: the chapters and every module that renders or formats text. */
const TEXT_SOURCES: { dir: string; ext: RegExp }[] = [
  { dir: 'content', ext: /\.mdx$/ },
  { dir: 'components', ext: /\.tsx?$/ },
  { dir: 'lib', ext: /\.ts$/ },
  { dir: 'app', ext: /\.tsx?$/ },
  // The room's notices and errors come from the server.
  { dir: 'server', ext: /\.ts$/ },
];

function walk(dir: string, ext: RegExp, files: string[]): void {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, ext, files);
    else if (ext.test(entry.name) && !entry.name.includes('.generated.')) files.push(full);
  }
}

/** Printable ASCII and every other character (beyond controls) in the site's text, literal or escaped, sorted. */
export function siteCharacters(): string {
  const chars = new Set<string>();
  for (let code = 0x20; code <= 0x7e; code += 1) chars.add(String.fromCodePoint(code));
  const files: string[] = [];
  for (const { dir, ext } of TEXT_SOURCES) walk(path.join(root, dir), ext, files);
  for (const file of files) {
    const source = readFileSync(file, 'utf8');
    // Characters written as escapes in strings ('\\u00a0') are text too.
    const escaped = [...source.matchAll(/\\u\{([0-9a-fA-F]+)\}|\\u([0-9a-fA-F]{4})/g)].map((m) => String.fromCodePoint(parseInt(m[1] ?? m[2], 16)));
    for (const char of [...source, ...escaped]) {
      const code = char.codePointAt(0)!;
      if (code >= 0xa0 && !(code >= 0xfe00 && code <= 0xfe0f)) chars.add(char);
    }
  }
  return [...chars].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!).join('');
}

interface Manifest {
  [role: string]: { key: string; bytes: number; sourceBytes: number };
}

export async function writeSubsets(): Promise<Manifest> {
  mkdirSync(outDir, { recursive: true });
  const manifestFile = path.join(outDir, 'subsets.json');
  const previous: Manifest = existsSync(manifestFile) ? JSON.parse(readFileSync(manifestFile, 'utf8')) : {};
  const text = siteCharacters();
  const manifest: Manifest = {};
  for (const [role, source] of Object.entries(fonts)) {
    const input = readFileSync(path.join(root, source));
    const key = createHash('sha256').update(input).update(text).update(JSON.stringify(WEIGHTS)).digest('hex').slice(0, 16);
    const out = path.join(outDir, `${role}.woff2`);
    if (previous[role]?.key === key && existsSync(out)) {
      manifest[role] = previous[role];
      continue;
    }
    const subset = await subsetFont(input, text, { targetFormat: 'woff2', variationAxes: { wght: { min: WEIGHTS.min, max: WEIGHTS.max } } });
    writeFileSync(out, subset);
    manifest[role] = { key, bytes: subset.length, sourceBytes: input.length };
  }
  const json = `${JSON.stringify(manifest, null, 2)}\n`;
  if (!existsSync(manifestFile) || readFileSync(manifestFile, 'utf8') !== json) writeFileSync(manifestFile, json);
  return manifest;
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  writeSubsets().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
