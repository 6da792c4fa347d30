import type { Metadata } from 'next';
import Link from 'next/link';
import { chapters } from '@/content/chapters.generated';
import { SiteHeader } from '@/components/shell/SiteHeader';

export const metadata: Metadata = {
  title: 'Present the episode',
  description: 'Every chapter as full-screen scenes for a projector, with speaker notes and a class that follows on their phones.',
};

/** /present: where a presentation starts. */
export default function PresentPage() {
  return (
    <>
      <SiteHeader />
      <main id="main" className="home">
        <h1>Present the episode</h1>
        <p>
          Each chapter becomes a run of full-screen scenes: its dialogue one line at a time, then each figure on its own, sized for a
          projector. The prose goes to the speaker notes. From any scene you can start a class that students follow on their phones,
          and open a live room for them.
        </p>
        <p>
          Keys: <kbd>→</kbd> or <kbd>Space</kbd> next, <kbd>←</kbd> back, <kbd>b</kbd> blank the screen, <kbd>f</kbd> full screen,{' '}
          <kbd>n</kbd> speaker notes in a second window, <kbd>Esc</kbd> back to reading. On any chapter, <kbd>p</kbd> starts here.
        </p>
        <ol className="present-chapters">
          {chapters.map((chapter) => (
            <li key={chapter.slug}>
              <Link href={`/present/${chapter.slug}`}>
                Chapter {chapter.order}: {chapter.title}
              </Link>
            </li>
          ))}
        </ol>
        {chapters[0] && (
          <p>
            <Link className="button button-primary" href={`/present/${chapters[0].slug}`} data-control="start-presenting">
              Start with chapter 1
            </Link>
          </p>
        )}
      </main>
    </>
  );
}
