import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { newestEntry } from '@/components/observers';

/**
 * IntersectionObserver hands its callback every crossing queued since it last ran, oldest first. A room
 * tile that left the screen and came back before a busy page ran the callback used to be read from its
 * first entry, so the server was told "not on screen" and paused its video for good (a CI failure of
 * room.spec: the tile stayed 'not-visible' after the grid shrank and the test scrolled it back).
 */
describe('reading an IntersectionObserver callback', () => {
  it('takes the newest of several entries queued for one element', () => {
    const left = { isIntersecting: false };
    const back = { isIntersecting: true };
    expect(newestEntry([left, back])).toBe(back);
    expect(newestEntry([back])).toBe(back);
    expect(newestEntry([])).toBeUndefined();
  });

  it('is how every observer in components/ reads its entries: none destructures only the first', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const file = path.join(dir, name);
        if (statSync(file).isDirectory()) walk(file);
        else if (/\.tsx?$/.test(name)) files.push(file);
      }
    };
    walk(path.join(process.cwd(), 'components'));
    const firstOnly = files.filter((file) => /new IntersectionObserver\(\s*(?:function\s*)?\(\s*\[/.test(readFileSync(file, 'utf8')));
    expect(files.length).toBeGreaterThan(20);
    expect(firstOnly.map((f) => path.relative(process.cwd(), f))).toEqual([]);
  });
});
