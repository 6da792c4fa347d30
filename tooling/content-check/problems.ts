/**
 * One thing wrong in the content, where it is and what to do about it. The content check collects every
 * problem of every chapter before it reports, so one mistake never hides the next.
 */
export interface ContentProblem {
  /** Relative to the project root: "content/01-udp-vs-tcp/index.mdx". */
  file: string;
  /** 1-based; 1 for a problem with the whole file. */
  line: number;
  /** 1-based. */
  column: number;
  /** What is wrong. */
  message: string;
  /** How to fix it. */
  fix: string;
}

export interface Place {
  line: number;
  column: number;
}

export const START: Place = { line: 1, column: 1 };

/** "content/01-udp-vs-tcp/index.mdx:12:5: <Line who="teacher">: ...\n    fix: ..." (editors link file:line:column). */
export function formatProblem(problem: ContentProblem): string {
  return `${problem.file}:${problem.line}:${problem.column}: ${problem.message}\n    fix: ${problem.fix}`;
}

/** Problems in reading order: by file, then line, then column. */
export function sortProblems(problems: ContentProblem[]): ContentProblem[] {
  return [...problems].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
}
