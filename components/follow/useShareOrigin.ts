'use client';
import { useEffect, useState } from 'react';
import { useBrowserValue } from '@/components/hooks/useBrowserValue';

const LOCAL_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

/**
 * The address students should open: this page's own origin, unless it is localhost (the projecting
 * laptop's view of itself), in which case the server's first address on the local network.
 */
export function useShareOrigin(): string | null {
  const origin = useBrowserValue(() => location.origin, null);
  const local = useBrowserValue(() => LOCAL_HOSTS.includes(location.hostname), false);
  const [lan, setLan] = useState<string | null>(null);
  useEffect(() => {
    if (!local) return;
    let cancelled = false;
    fetch('/api/network')
      .then((response) => (response.ok ? response.json() : null))
      .then((body: { origins?: string[] } | null) => {
        if (!cancelled) setLan(body?.origins?.[0] ?? location.origin);
      })
      .catch(() => {
        if (!cancelled) setLan(location.origin);
      });
    return () => {
      cancelled = true;
    };
  }, [local]);
  return local ? lan : origin;
}
