import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

/**
 * The page's serious and critical accessibility violations as it stands (axe-core, every rule), one line each,
 * starting with `label` (the colour scheme). Run so as to cost less without changing what is found:
 * - in legacy mode, axe.run() in the page itself. By default @axe-core/playwright splits a run for cross-origin
 *   frames: axe.runPartial in each frame, then axe.finishRun in a blank page it opens, injects axe's 650 kB source
 *   into again and copies every partial result into. The pages checked here have no frames.
 * - with resultTypes ['violations']: axe still runs every rule on every node, but works out the selectors of the
 *   violating nodes only (of passes and the other groups it keeps one node a rule, which nothing here reads).
 */
export async function seriousViolations(page: Page, label: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).setLegacyMode().options({ resultTypes: ['violations'] }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${label}: ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
}
