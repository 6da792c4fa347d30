'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import type { ComponentProps } from 'react';
import { usesCameraOrMicrophone } from '@/lib/site/mediaPages';

/**
 * A link that prefetches its page when the reader shows intent (pointer over it, a touch, keyboard
 * focus), not when it merely scrolls into view. For lists of chapter links: Next's default would fetch
 * every chapter in sight on load, which on a slow link competes with the page being read.
 */
export function IntentLink({ href, ...props }: Omit<ComponentProps<typeof Link>, 'href' | 'prefetch'> & { href: string }) {
  const router = useRouter();
  // A page that may use the microphone loads in full, so its own Permissions-Policy applies (see PageLink).
  if (usesCameraOrMicrophone(href)) return <a {...props} href={href} />;
  const prefetch = () => router.prefetch(href);
  return <Link {...props} href={href} prefetch={false} onMouseEnter={prefetch} onTouchStart={prefetch} onFocus={prefetch} />;
}
