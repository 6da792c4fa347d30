import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { chapterOfParams, chapterStaticParams, type ChapterParams } from '@/app/chapterRoute';
import { chapters } from '@/content/chapters.generated';
import { chapterBodies } from '@/content/chapter-bodies.generated';
import { neighbours } from '@/lib/content/chapters';
import { SiteHeader } from '@/components/shell/SiteHeader';
import { ChapterToc } from '@/components/shell/ChapterToc';
import { ChapterPager } from '@/components/shell/ChapterPager';
import { ChapterKeys } from '@/components/shell/ChapterKeys';
import { ContentsDrawer } from '@/components/shell/ContentsDrawer';
import { ReadingProgress } from '@/components/shell/ReadingProgress';
import { FigureUrlScope } from '@/components/figures/FigureLink';

type Params = ChapterParams;

/** Only written chapters exist; any other slug is a 404. */
export const dynamicParams = false;
export const generateStaticParams = chapterStaticParams;

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const chapter = await chapterOfParams(params);
  return chapter ? { title: chapter.title, description: chapter.summary } : {};
}

export default async function ChapterPage({ params }: { params: Promise<Params> }) {
  const { slug } = await params;
  const chapter = chapters.find((c) => c.slug === slug);
  const load = chapterBodies[slug];
  if (!chapter || !load) notFound();
  const { default: Body } = await load();
  const { previous, next } = neighbours(chapters, slug);

  return (
    <>
      <ReadingProgress />
      <SiteHeader>
        <ContentsDrawer>
          <ChapterToc chapters={chapters} current={slug} />
        </ContentsDrawer>
      </SiteHeader>
      <ChapterKeys
        previousHref={previous && `/learn/${previous.slug}`}
        nextHref={next && `/learn/${next.slug}`}
        presentHref={`/present/${slug}`}
      />
      <main id="main" className="chapter-main">
        <article className="chapter">
          <header className="chapter-header">
            <p className="chapter-kicker">
              Chapter {chapter.order} of the episode · {chapter.minutes} min
            </p>
            <h1>{chapter.title}</h1>
            <p className="chapter-summary">{chapter.summary}</p>
          </header>
          <div className="prose">
            <FigureUrlScope mode="chapter">
              <Body />
            </FigureUrlScope>
          </div>
        </article>
        <ChapterPager previous={previous} next={next} />
      </main>
    </>
  );
}
