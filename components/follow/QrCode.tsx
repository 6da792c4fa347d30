'use client';
import { encode } from 'uqr';
import { qrPath } from '@/lib/qr';

/**
 * A QR code for `text`, drawn locally (the uqr library computes the modules; nothing is sent anywhere).
 * Dark modules on a white square whatever the theme, since phone cameras read dark-on-light best.
 */
export default function QrCode({ text, label, size = 240 }: { text: string; label: string; size?: number }) {
  const { data, size: modules } = encode(text, { ecc: 'M', border: 2 });
  return (
    <svg
      viewBox={`0 0 ${modules} ${modules}`}
      width={size}
      height={size}
      role="img"
      aria-label={label}
      shapeRendering="crispEdges"
      data-qr={text}
      style={{ background: '#fff', borderRadius: 8, maxWidth: '100%', height: 'auto' }}
    >
      <path d={qrPath(data)} fill="#000" />
    </svg>
  );
}
