import Link from 'next/link';
import type { ComponentProps } from 'react';
import { usesCameraOrMicrophone } from '@/lib/site/mediaPages';

/**
 * A link to a page of this site: next/link, except to the pages that use the camera or microphone
 * (lib/site/mediaPages.ts), which load in full. A client-side navigation keeps the document, and with
 * it the Permissions-Policy of the page the reader started on, which grants no camera or microphone;
 * a full load applies the target page's own policy.
 */
export default function PageLink(props: ComponentProps<typeof Link>) {
  const { href, prefetch: _prefetch, replace: _replace, scroll: _scroll, shallow: _shallow, legacyBehavior: _legacy, passHref: _passHref, locale: _locale, onNavigate: _onNavigate, ...anchor } = props;
  if (typeof href === 'string' && usesCameraOrMicrophone(href)) return <a href={href} {...anchor} />;
  return <Link {...props} />;
}
