import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { normalizeClassCode } from '@/lib/protocol/gateway';
import { chapterScenes } from '@/app/present/chapterScenes';
import { toDeck } from '@/components/present/deck';
import { Follower } from '@/components/follow/Follower';
import { FollowNotice } from '@/components/follow/FollowNotice';

type Params = { code: string; slug: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const { slug } = await params;
  return { title: `Following: ${slug}`, robots: { index: false } };
}

/** /follow/<code>/<slug>: the chapter the class is on, following the instructor's scene and figures. */
export default async function FollowChapterPage({ params }: { params: Promise<Params> }) {
  const { code: raw, slug } = await params;
  const code = normalizeClassCode(decodeURIComponent(raw));
  if (!code) {
    return (
      <main id="main" className="home">
        <FollowNotice code={null} reason="bad-code" />
      </main>
    );
  }
  const built = await chapterScenes(slug);
  if (!built) notFound();
  const { chapter, scenes } = built;
  return (
    <main id="main">
      <Follower code={code} chapter={{ slug: chapter.slug, title: chapter.title, summary: chapter.summary, order: chapter.order }} scenes={toDeck(scenes)} />
    </main>
  );
}
