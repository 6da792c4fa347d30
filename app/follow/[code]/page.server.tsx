import type { Metadata } from 'next';
import { normalizeClassCode } from '@/lib/protocol/gateway';
import { SiteHeader } from '@/components/shell/SiteHeader';
import { FollowNotice } from '@/components/follow/FollowNotice';
import { FollowLanding } from '@/components/follow/FollowLanding';

export const metadata: Metadata = { title: 'Follow a class', robots: { index: false } };

/** /follow/<code>: joins the class, then goes to the chapter the instructor is showing. */
export default async function FollowPage({ params }: { params: Promise<{ code: string }> }) {
  const { code: raw } = await params;
  const code = normalizeClassCode(decodeURIComponent(raw));
  return (
    <>
      <SiteHeader />
      <main id="main" className="home">
        {code ? <FollowLanding code={code} /> : <FollowNotice code={null} reason="bad-code" />}
      </main>
    </>
  );
}
