import type { ReactNode } from 'react';
import { normalizeClassCode } from '@/lib/protocol/gateway';
import { FollowSession } from '@/components/follow/FollowSession';

/** Every /follow/<code> page shares one gateway session, kept while the class moves between chapters. */
export default async function FollowLayout({ children, params }: { children: ReactNode; params: Promise<{ code: string }> }) {
  const { code: raw } = await params;
  const code = normalizeClassCode(decodeURIComponent(raw));
  return code ? <FollowSession code={code}>{children}</FollowSession> : <>{children}</>;
}
