import Link from '@/components/shell/PageLink';
import { roomHref } from '@/components/roomOrigin';
import { IntentLink } from './IntentLink';
import type { ChapterMeta } from '@/lib/content/chapters';

/** The episode's chapters in order, the current one marked, each with its reading time. */
export function ChapterToc({ chapters, current }: { chapters: readonly ChapterMeta[]; current?: string }) {
  return (
    <nav aria-label="Chapters" className="toc">
      <p className="toc-heading">Episode contents</p>
      <ol>
        {chapters.map((chapter) => (
          <li key={chapter.slug}>
            <IntentLink href={`/learn/${chapter.slug}`} aria-current={chapter.slug === current ? 'page' : undefined}>
              <span className="toc-number">{chapter.order}</span>
              <span className="toc-title">{chapter.title}</span>
              <span className="toc-minutes">{chapter.minutes} min</span>
            </IntentLink>
          </li>
        ))}
      </ol>
      <p className="toc-room">
        <Link href={roomHref('lobby')} prefetch={false}>
          Join the live room →
        </Link>
      </p>
      <p className="toc-room">
        {/* Prefetched on intent only: in view on every desktop chapter, /present's code (zod, the figure registry,
            48 kB) would otherwise come with each chapter's first load, and its stylesheet and fonts were preloaded
            and unused. */}
        <IntentLink href={current ? `/present/${current}` : '/present'} data-control="present">
          Present to a class →
        </IntentLink>
      </p>
      <p className="toc-keys">
        Keys: <kbd>←</kbd> <kbd>→</kbd> chapters, <kbd>t</kbd> contents, <kbd>p</kbd> present
      </p>
    </nav>
  );
}
