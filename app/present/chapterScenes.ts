import type { ReactElement, ReactNode } from 'react';
import { chapters } from '@/content/chapters.generated';
import { chapterBodies } from '@/content/chapter-bodies.generated';
import type { ChapterMeta } from '@/lib/content/chapters';
import { Dialogue, Line } from '@/components/mdx/Dialogue';
import { Figure } from '@/components/mdx/Figure';
import { Notes } from '@/components/mdx/Notes';
import { buildScenes, type Scene } from '@/components/present/scenes';

/**
 * A chapter's scenes, on the server: the compiled MDX is called as a function (it returns the chapter's
 * top-level elements, built with the same components the reading page uses) and split by buildScenes.
 * It lives in app/ because it reads content/ (the generated chapter index), which components/ may not.
 */
export async function chapterScenes(slug: string): Promise<{ chapter: ChapterMeta; scenes: Scene[] } | null> {
  const chapter = chapters.find((c) => c.slug === slug);
  const load = chapterBodies[slug];
  if (!chapter || !load) return null;
  const { default: Body } = await load();
  const tree = (Body as unknown as (props: object) => ReactElement<{ children?: ReactNode }>)({});
  const scenes = buildScenes(tree.props.children, {
    Dialogue: Dialogue as never,
    Line: Line as never,
    Figure: Figure as never,
    Notes: Notes as never,
  });
  return { chapter, scenes };
}
