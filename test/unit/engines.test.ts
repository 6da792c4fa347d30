import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * package.json says which Node runs this project: 20.9 or newer, Next 16's own minimum. Every
 * dependency that runs in the server or the build must accept that, except the ones listed here with
 * the reason the project runs them on Node 20 anyway.
 */
const NODE_FLOOR_MAJOR = 20;
const NEWER_THAN_THE_FLOOR: Record<string, string> = {
  // werift 0.25.2 declares node >= 22 (npm warns EBADENGINE). What the SFU imports from it ('werift',
  // lib/index.mjs) uses no API newer than Node 20: the newest, crypto.hash in the patched SRTP code
  // (Node 20.12), falls back to createHmac where it is missing. No Node 22 API (Promise.withResolvers,
  // Array.fromAsync, Set methods, iterator helpers, the WebSocket global...) appears in it; werift's
  // 'werift/nonstandard' entry (media containers via mediabunny) is the part nothing here imports.
  // The SFU's unit and end-to-end tests run it on Node 20.
  'node_modules/werift': 'only lib/index.mjs is used; it runs on Node 20 (see the comment above)',
};

interface LockPackage {
  engines?: { node?: string };
  dev?: boolean;
}

/** The lowest major version a range like ">=18", "^20.9.0 || >=22" or ">= 8" allows. */
function lowestMajor(range: string): number {
  const majors = range.split('||').map((part) => Number(/(\d+)/.exec(part)?.[1] ?? 0));
  return Math.min(...majors);
}

describe('the Node version', () => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } };
  const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, LockPackage> };

  it('is the one package.json names, and this test runs on it', () => {
    expect(pkg.engines.node).toBe('>=20.9');
    const [major, minor] = process.versions.node.split('.').map(Number);
    expect(major > 20 || (major === 20 && minor >= 9)).toBe(true);
  });

  it('is accepted by every runtime dependency, but for the exceptions whose reasons are written down', () => {
    const stricter = Object.entries(lock.packages)
      .filter(([path, p]) => path !== '' && !p.dev && p.engines?.node && lowestMajor(p.engines.node) > NODE_FLOOR_MAJOR)
      .map(([path]) => path);
    expect(stricter.sort()).toEqual(Object.keys(NEWER_THAN_THE_FLOOR).sort());
  });
});
