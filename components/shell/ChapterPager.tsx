import Link from '@/components/shell/PageLink';
import { roomHref } from '@/components/roomOrigin';
import type { ChapterMeta } from '@/lib/content/chapters';

/** Previous and next chapter links at the end of a chapter. */
export function ChapterPager({ previous, next }: { previous?: ChapterMeta; next?: ChapterMeta }) {
  return (
    <nav aria-label="Previous and next chapter" className="pager">
      {previous ? (
        <Link href={`/learn/${previous.slug}`} rel="prev" className="pager-link pager-previous" aria-keyshortcuts="ArrowLeft">
          <span className="pager-direction">← Previous</span>
          <span className="pager-title">{previous.title}</span>
        </Link>
      ) : (
        <span />
      )}
      {next ? (
        <Link href={`/learn/${next.slug}`} rel="next" className="pager-link pager-next" aria-keyshortcuts="ArrowRight">
          <span className="pager-direction">Next →</span>
          <span className="pager-title">{next.title}</span>
        </Link>
      ) : (
        <Link href={roomHref('lobby')} className="pager-link pager-next">
          <span className="pager-direction">Now try it →</span>
          <span className="pager-title">Join the live room</span>
        </Link>
      )}
    </nav>
  );
}
