import Link from 'next/link';
import { SiteHeader } from '@/components/shell/SiteHeader';

export default function NotFound() {
  return (
    <>
      <SiteHeader />
      <main id="main" className="home not-found">
        <h1>This page is not part of the episode</h1>
        <p>The address may have a typo, or the chapter may not be written yet.</p>
        <p>
          <Link className="button button-primary" href="/">
            Back to the episode
          </Link>
        </p>
      </main>
    </>
  );
}
