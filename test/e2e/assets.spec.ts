import { readFileSync } from 'node:fs';
import { test, expect } from '@playwright/test';
import { assetUrl } from '@/components/assets';
import { assetUrls } from '@/components/assets.generated';
import { parseWav } from '@/lib/audio/wav';

/** The WAVs the unit tests read, each served to the pages as a lossless FLAC copy. */
const CLIPS = Object.keys(assetUrls).filter((name) => name.endsWith('.wav'));

test.describe('static assets', () => {
  test('hashed files in /assets are cached as immutable; pages and the favicon are revalidated or hashed', async ({ request }) => {
    for (const url of Object.values(assetUrls)) {
      const response = await request.get(url);
      expect(response.ok(), url).toBe(true);
      expect(response.headers()['cache-control'], url).toBe('public, max-age=31536000, immutable');
    }
    const page = await request.get('/');
    expect(page.headers()['cache-control']).not.toContain('immutable');
    const html = await page.text();
    const icon = /<link rel="icon" href="([^"]+)"[^>]*type="image\/svg\+xml"/.exec(html);
    expect(icon, 'the page links an SVG favicon').not.toBeNull();
    expect((await request.get(icon![1])).headers()['content-type']).toContain('image/svg+xml');
  });

  test('the text fonts are preloaded in every page’s head, cut to the site’s text, cached as immutable, and never swapped in late', async ({ request }) => {
    const html = await (await request.get('/')).text();
    const preloads = [...html.matchAll(/<link rel="preload" href="([^"]+\.woff2)" as="font"/g)].map((m) => m[1]);
    expect(preloads).toHaveLength(2);
    for (const url of preloads) {
      const response = await request.get(url);
      expect(response.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
      // scripts/font-subsets.ts: the Latin files (48 and 51 kB) cut to the site's characters and weights 400-800.
      expect((await response.body()).length, url).toBeLessThan(30_000);
    }
    // Their @font-face rules say `font-display: optional`: a preloaded font that is not there for the first
    // layout is not swapped in later, so no text moves (CLS 0 from fonts, on any link).
    const stylesheets = [...html.matchAll(/<link rel="stylesheet" href="([^"]+\.css)"/g)].map((m) => m[1]);
    const css = (await Promise.all(stylesheets.map(async (url) => (await request.get(url)).text()))).join('\n');
    const faces = [...css.matchAll(/@font-face\s*\{[^}]*\}/g)].map((m) => m[0]);
    for (const url of preloads) {
      const face = faces.find((rule) => rule.includes(url.split('/').pop()!));
      expect(face, `an @font-face rule for ${url}`).toBeDefined();
      expect(face).toMatch(/font-display:\s*optional/);
    }
  });

  for (const name of CLIPS) {
    test(`${name} is served compressed (${assetUrl(name)}) and decodes to exactly the WAV’s samples`, async ({ page, request }) => {
      const wav = parseWav(new Uint8Array(readFileSync(`media${name}`)));
      const served = await request.get(assetUrl(name));
      const bytes = (await served.body()).length;
      expect(bytes).toBeLessThan(readFileSync(`media${name}`).length * 0.6);
      await page.goto('/');
      const decoded = await page.evaluate(
        async ({ url, rate }) => {
          const buffer = await (await fetch(url)).arrayBuffer();
          const audio = await new OfflineAudioContext(1, 1, rate).decodeAudioData(buffer);
          // The Float32 samples' bytes, as base64 (a plain array of 600,000 numbers is slow to pass back).
          const raw = new Uint8Array(audio.getChannelData(0).buffer);
          let text = '';
          for (let i = 0; i < raw.length; i += 0x8000) text += String.fromCharCode(...raw.subarray(i, i + 0x8000));
          return btoa(text);
        },
        { url: assetUrl(name), rate: wav.sampleRateHz },
      );
      const bytesBack = Buffer.from(decoded, 'base64');
      const floats = new Float32Array(bytesBack.buffer, bytesBack.byteOffset, bytesBack.length / 4);
      // Back to 16-bit integers: Chromium maps them to floats as n / 32768 below zero and n / 32767 above
      // (parseWav divides both by 32768), so compare the integers the two files hold.
      const toInt = (x: number, negativeScale: number, positiveScale: number) => Math.round(x * (x < 0 ? negativeScale : positiveScale));
      expect(floats.length).toBe(wav.samples.length);
      let mismatches = 0;
      for (let i = 0; i < floats.length; i += 1) {
        if (toInt(floats[i], 32768, 32767) !== toInt(wav.samples[i], 32768, 32768)) mismatches += 1;
      }
      expect(mismatches).toBe(0);
    });
  }
});
