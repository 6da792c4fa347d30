import '@/lib/zod';
import { z } from 'zod';

/**
 * The schema every chapter's frontmatter must satisfy. A chapter is a folder content/NN-slug/ holding
 * index.mdx: the folder's number is its place in the episode (and its `order`), the rest its slug. The
 * site finds the chapters from the folders (`npm run content` lists them); nothing else names them.
 */
export const CHAPTER_FOLDER = /^(\d\d)-([a-z0-9]+(?:-[a-z0-9]+)*)$/;

export const frontmatterSchema = z
  .object({
    title: z.string().min(3).max(80),
    summary: z.string().min(20).max(200),
    order: z.number().int().min(1).max(99),
    minutes: z.number().int().min(1).max(60),
    sources: z.array(z.string()).min(1),
  })
  .strict();

/** What each frontmatter field holds, for error messages and the scaffold (npm run new:chapter). */
export const FRONTMATTER_FIELDS: Record<keyof z.infer<typeof frontmatterSchema>, string> = {
  title: "the chapter's title, 3 to 80 characters",
  summary: 'one sentence for the landing page and the contents, 20 to 200 characters',
  order: "the chapter's place in the episode: the number its folder starts with (content/09-slug/ is order: 9)",
  minutes: 'reading time in whole minutes: 200 words a minute plus one minute for each figure',
  sources: 'the ids from lib/sources.ts that the chapter cites, e.g. [rfc6298, itu-g114]',
};

export type Frontmatter = z.infer<typeof frontmatterSchema>;

export interface ChapterMeta extends Frontmatter {
  /** From the folder name: content/04-simulcast/ is "simulcast". */
  slug: string;
  /** The folder under content/, e.g. "01-udp-vs-tcp". */
  folder: string;
}

/** The chapter before and after `slug` among the chapters that exist. */
export function neighbours<T extends { slug: string }>(chapters: readonly T[], slug: string) {
  const index = chapters.findIndex((chapter) => chapter.slug === slug);
  return {
    previous: index > 0 ? chapters[index - 1] : undefined,
    next: index >= 0 && index < chapters.length - 1 ? chapters[index + 1] : undefined,
  };
}

/** Reading time at 200 words a minute plus one minute for each figure to play with. */
export function estimateMinutes(words: number, figures: number): number {
  return Math.max(1, Math.round(words / 200 + figures));
}
