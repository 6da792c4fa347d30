import { repoRoot } from '@/tooling/content-check/check';
import { generateContent } from '@/scripts/content';
import { applyPlan, ScaffoldError, type Plan } from './plan';

/**
 * Runs a scaffold command: plans it, writes it (or says why not and exits 1 having written nothing), then
 * regenerates what the site reads from the folders so a running `npm run dev` shows the result at once, and
 * prints what to do next.
 */
export async function runScaffold(usage: string, plan: (root: string) => Plan, root = repoRoot): Promise<void> {
  let planned: Plan;
  try {
    planned = plan(root);
    applyPlan(root, planned);
  } catch (error) {
    const known = error instanceof ScaffoldError || (error instanceof Error && !(error instanceof TypeError));
    console.error(`npm run ${usage}: ${known ? (error as Error).message : String(error)}`);
    process.exit(1);
  }
  for (const line of planned.next) console.log(line);
  console.log('');
  // The content check runs over everything, so it may report problems elsewhere; the new files are written either way.
  if (!(await generateContent(root))) process.exitCode = 1;
}
