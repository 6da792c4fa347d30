import * as z from '@/lib/zod';

/**
 * The episode's chapters: their fixed order and slugs, and the schema every chapter's frontmatter
 * must satisfy. A chapter exists on the site when content/<NN-slug>/index.mdx exists; one that is
 * not written yet simply does not appear.
 */
export const CHAPTER_SLUGS = [
  'udp-vs-tcp',
  'mesh-vs-sfu',
  'voice-activity',
  'simulcast',
  'noise-suppression',
  'gateway-and-guilds',
  'autoscaling',
  'cost',
] as const;

export type ChapterSlug = (typeof CHAPTER_SLUGS)[number];

export const frontmatterSchema = z
  .object({
    title: z.string().min(3).max(80),
    summary: z.string().min(20).max(200),
    order: z.number().int().min(1).max(CHAPTER_SLUGS.length),
    minutes: z.number().int().min(1).max(60),
    sources: z.array(z.string()).min(1),
  })
  .strict();

export type Frontmatter = z.infer<typeof frontmatterSchema>;

export interface ChapterMeta extends Frontmatter {
  slug: ChapterSlug;
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
