'use client';
import { useEffect } from 'react';
import { useRouter } from 'next/navigation';
import { formatClassCode } from '@/lib/protocol/gateway';
import { useFollowSession } from './FollowSession';
import { FollowNotice } from './FollowNotice';
import { CertificateNote } from './CertificateNote';

/** Joining: says what is happening until the class has a place to show, then goes there. */
export function FollowLanding({ code }: { code: string }) {
  const router = useRouter();
  const session = useFollowSession();
  const position = session?.state.classState.position;
  useEffect(() => {
    if (position) router.replace(`/follow/${code}/${position.chapter}`);
  }, [position, code, router]);

  if (session?.state.phase === 'invalid' && session.state.invalid) return <FollowNotice code={code} reason={session.state.invalid} />;
  if (session?.state.phase === 'ended') return <FollowNotice code={code} reason="ended" />;
  return (
    <div data-follow-phase={session?.state.phase ?? 'connecting'}>
      <h1>Class {formatClassCode(code)}</h1>
      <p aria-live="polite">
        {session?.state.phase === 'ready' ? 'You are in. Waiting for the instructor to show the first scene…' : 'Joining the class…'}
      </p>
      <CertificateNote />
    </div>
  );
}
