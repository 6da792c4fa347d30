import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import '@/lib/zod';
import { config } from 'zod';

/**
 * The site's CSP forbids eval, so zod runs jitless wherever a schema is built (lib/zod.ts). Modules take
 * z from 'zod' itself, not re-exported from lib/zod.ts, which made the bundler put all of zod, every
 * locale included, into the room page (249 kB against its 190 kB budget); so each one imports '@/lib/zod'
 * first, for its effect.
 */

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(entry.name) && !entry.name.endsWith('.generated.ts') ? [path] : [];
  });
}

describe('zod under the CSP', () => {
  it('runs jitless once lib/zod is imported', () => {
    expect(config().jitless).toBe(true);
  });

  it("is configured by every page-side module that imports zod, before the import (lib, components, app)", () => {
    const importers = ['lib', 'components', 'app'].flatMap(sourceFiles).filter((file) => file !== join('lib', 'zod.ts'));
    const zodUsers = importers.filter((file) => /from 'zod(\/[^']*)?'/.test(readFileSync(file, 'utf8')));
    expect(zodUsers.length).toBeGreaterThanOrEqual(6);
    for (const file of zodUsers) {
      const text = readFileSync(file, 'utf8');
      const configured = text.indexOf("import '@/lib/zod';");
      expect(configured, `${file} imports zod without importing '@/lib/zod' first`).toBeGreaterThanOrEqual(0);
      expect(configured, `${file} imports zod before '@/lib/zod'`).toBeLessThan(text.search(/from 'zod(\/[^']*)?'/));
    }
  });
});
