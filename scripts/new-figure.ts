/**
 * `npm run new:figure -- <chapter> <Name>`: a new figure for a chapter: its model with its declared inputs
 * in lib/<chapter>/, a unit test with exact values, the client component and its styles, and its entries in
 * components/figures/<chapter>/registry.ts (still and inputs) and loaders.ts, which are created if the
 * chapter has no figures yet. The site gathers the chapter folders itself, so nothing else needs editing;
 * `npm run dev` shows the figure on /catalog at once. Refuses bad input and never overwrites.
 */
import { runScaffold } from '@/tooling/scaffold/run';
import { planFigure } from '@/tooling/scaffold/plan';

const [chapter, name, ...rest] = process.argv.slice(2);
await runScaffold('new:figure -- <chapter> <Name>', (root) => {
  if (rest.length > 0) throw new Error(`one figure at a time: got "${[name, ...rest].join(' ')}" after the chapter`);
  return planFigure(root, chapter, name);
});
