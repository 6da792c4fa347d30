import { encode } from 'uqr';
import { describe, expect, it } from 'vitest';
import { qrPath } from '@/lib/qr';

describe('a QR code as an SVG path', () => {
  it('draws one rectangle per horizontal run of dark modules', () => {
    expect(qrPath([[true, true, false, true], [false, false, false, false]])).toBe('M0 0h2v1h-2zM3 0h1v1h-1z');
  });

  it('covers exactly the dark modules of a real code', () => {
    const { data } = encode('https://192.168.1.20:3000/follow/ABC234', { ecc: 'M', border: 2 });
    const dark = data.flat().filter(Boolean).length;
    const area = [...qrPath(data).matchAll(/h(\d+)v1/g)].reduce((sum, m) => sum + Number(m[1]), 0);
    expect(area).toBe(dark);
  });
});
