/**
 * `npm run new:chapter -- <slug> "<title>"`: a new chapter folder, content/NN-slug/index.mdx, numbered after
 * the last chapter, with valid frontmatter and a starter beat. The site finds chapters from their folders,
 * so nothing else needs editing; `npm run dev` shows it at /learn/<slug> at once. Refuses bad input and never
 * overwrites (tooling/scaffold/plan.ts).
 */
import { runScaffold } from '@/tooling/scaffold/run';
import { planChapter } from '@/tooling/scaffold/plan';

const [slug, ...title] = process.argv.slice(2);
await runScaffold('new:chapter -- <slug> "<title>"', (root) => planChapter(root, slug, title.join(' ')));
