'use client';
import { useBrowserValue } from '@/components/hooks/useBrowserValue';

/** On the laptop's https mode: why the browser warned, in one sentence. */
export function CertificateNote() {
  const secure = useBrowserValue(() => location.protocol === 'https:' && !['localhost', '127.0.0.1'].includes(location.hostname), false);
  if (!secure) return null;
  return (
    <p className="muted" data-testid="certificate-note">
      If your browser warned about this site’s certificate, that is because the instructor’s laptop made its own to allow cameras over
      https; it is safe to continue to this address.
    </p>
  );
}
