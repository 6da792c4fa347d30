import { chapters } from '@/content/chapters.generated';
import type { ChapterMeta } from '@/lib/content/chapters';

/** The parameter of every page made per chapter: /learn/<slug>, /present/<slug> and its speaker notes. */
export type ChapterParams = { slug: string };

/** One page per written chapter; with `dynamicParams = false` in the route, any other slug is a 404. */
export function chapterStaticParams(): ChapterParams[] {
  return chapters.map((chapter) => ({ slug: chapter.slug }));
}

/** The chapter a page's params name, or undefined for a slug that is not a chapter. */
export async function chapterOfParams(params: Promise<ChapterParams>): Promise<ChapterMeta | undefined> {
  const { slug } = await params;
  return chapters.find((chapter) => chapter.slug === slug);
}
