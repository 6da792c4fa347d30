import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { chapterOfParams, chapterStaticParams, type ChapterParams } from '@/app/chapterRoute';
import { chapters } from '@/content/chapters.generated';
import { neighbours } from '@/lib/content/chapters';
import { chapterScenes } from '@/app/present/chapterScenes';
import { toDeck } from '@/components/present/deck';
import { Presenter } from '@/components/present/Presenter';

type Params = ChapterParams;

export const dynamicParams = false;
export const generateStaticParams = chapterStaticParams;

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const chapter = await chapterOfParams(params);
  return chapter ? { title: `Presenting: ${chapter.title}`, description: chapter.summary } : {};
}

/** /present/<slug>: a chapter as full-screen scenes, for a projector. */
export default async function PresentChapterPage({ params }: { params: Promise<Params> }) {
  const { slug } = await params;
  const built = await chapterScenes(slug);
  if (!built) notFound();
  const { previous, next } = neighbours(chapters, slug);
  const { chapter, scenes } = built;
  return (
    <main id="main">
      <Presenter
        chapter={{ slug: chapter.slug, title: chapter.title, summary: chapter.summary, order: chapter.order }}
        scenes={toDeck(scenes)}
        previousSlug={previous?.slug ?? null}
        nextSlug={next?.slug ?? null}
      />
    </main>
  );
}
