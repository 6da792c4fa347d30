import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fontverter from 'fontverter';
import { describe, expect, it } from 'vitest';
import { fonts, outDir, siteCharacters } from '@/scripts/font-subsets';

/** The code points a font maps to glyphs: its `cmap` table's format 4 or 12 subtable, read from the sfnt. */
function codePoints(sfnt: Buffer): Set<number> {
  const tables = sfnt.readUInt16BE(4);
  let cmap = -1;
  for (let i = 0; i < tables; i += 1) {
    const record = 12 + i * 16;
    if (sfnt.toString('latin1', record, record + 4) === 'cmap') cmap = sfnt.readUInt32BE(record + 8);
  }
  if (cmap < 0) throw new Error('no cmap table');
  const points = new Set<number>();
  for (let i = 0; i < sfnt.readUInt16BE(cmap + 2); i += 1) {
    const sub = cmap + sfnt.readUInt32BE(cmap + 4 + i * 8 + 4);
    const format = sfnt.readUInt16BE(sub);
    if (format === 12) {
      for (let g = 0; g < sfnt.readUInt32BE(sub + 12); g += 1) {
        const group = sub + 16 + g * 12;
        for (let c = sfnt.readUInt32BE(group); c <= sfnt.readUInt32BE(group + 4); c += 1) points.add(c);
      }
    } else if (format === 4) {
      const segments = sfnt.readUInt16BE(sub + 6) / 2;
      for (let s = 0; s < segments; s += 1) {
        const end = sfnt.readUInt16BE(sub + 14 + s * 2);
        const start = sfnt.readUInt16BE(sub + 16 + segments * 2 + s * 2);
        for (let c = start; c <= end && c !== 0xffff; c += 1) points.add(c);
      }
    }
  }
  return points;
}

const sfnt = async (file: string) => codePoints(await fontverter.convert(readFileSync(file), 'sfnt'));

describe('web fonts cut to the site (scripts/font-subsets.ts)', () => {
  it('finds the characters the site writes beyond ASCII, literal or escaped', () => {
    const chars = siteCharacters();
    for (const char of ['’', '—', '…', '→', '×', '\u00a0']) expect(chars).toContain(char);
    expect(chars).not.toContain('\n');
  });

  for (const [role, source] of Object.entries(fonts)) {
    it(`${role}: keeps every glyph the site's text needs that the full font has, at under two thirds of its size`, async () => {
      const file = path.join(outDir, `${role}.woff2`);
      expect(existsSync(file), `${file} is written by npm run content`).toBe(true);
      const full = await sfnt(source);
      const cut = await sfnt(file);
      const needed = [...siteCharacters()].map((char) => char.codePointAt(0)!).filter((code) => full.has(code));
      expect(needed.length).toBeGreaterThan(100);
      expect(needed.filter((code) => !cut.has(code)).map((code) => String.fromCodePoint(code))).toEqual([]);
      expect(readFileSync(file).length).toBeLessThan((readFileSync(source).length * 2) / 3);
    });
  }
});
