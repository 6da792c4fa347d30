import { spawn, type ChildProcess } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, expect, test, type Browser } from '@playwright/test';
import type { RoomStats } from '@/lib/protocol/room';
import config from '../../playwright.config';
import { freePort } from '../../scripts/ports.mjs';

/**
 * `--https` from a host name that is not localhost: a second server on its own port, with its certificate
 * made in a temporary folder, reached as https://classroom.test (mapped to 127.0.0.1 inside Chromium only).
 * Browsers give the camera only to secure pages; this one is secure, so a fake camera publishes.
 */

test.describe.configure({ mode: 'serial' });
test.setTimeout(150_000);

let server: ChildProcess;
let port: number;
let certDir: string;
let output = '';
let browser: Browser;

test.beforeAll(async () => {
  port = (await freePort()) as number;
  certDir = mkdtempSync(path.join(tmpdir(), 'episode-https-'));
  server = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts', '--https'], {
    env: { ...process.env, PORT: String(port), NODE_ENV: 'production', LOG_LEVEL: 'error', CERT_DIR: certDir, NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout!.on('data', (chunk: Buffer) => (output += String(chunk)));
  server.stderr!.on('data', (chunk: Buffer) => (output += String(chunk)));
  await expect.poll(() => output, { timeout: 60_000 }).toContain('SHA-256 fingerprint');
  const args = (config.use?.launchOptions?.args ?? []).filter((a) => !a.startsWith('--host-resolver-rules'));
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH,
    args: [...args, '--host-resolver-rules=MAP classroom.test 127.0.0.1'],
  });
});

test.afterAll(async () => {
  await browser?.close();
  server?.kill('SIGTERM');
  rmSync(certDir, { recursive: true, force: true });
});

test('prints the certificate’s fingerprint, made locally and kept in the certificate folder', () => {
  const x509 = new X509Certificate(readFileSync(path.join(certDir, 'cert.pem')));
  expect(output).toContain(`SHA-256 fingerprint ${x509.fingerprint256}`);
  expect(output).toContain(`ready at https://localhost:${port}`);
});

test('a page served over --https to a host name that is not localhost publishes its camera, and a viewer behind mDNS names receives it', async () => {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, baseURL: `https://classroom.test:${port}` });
  const page = await context.newPage();
  const roomId = `https-${Date.now().toString(36)}`;
  await page.goto(`/room/${roomId}`);
  expect(await page.evaluate(() => [location.hostname, window.isSecureContext])).toEqual(['classroom.test', true]);
  await expect(page.getByTestId('certificate-note')).toBeVisible();
  await page.locator('[data-control="name"]').fill('Phone');
  await page.locator('[data-control="preview-camera"]').click();
  await page.locator('[data-control="join"]').click();
  await expect(page.locator('[data-room-phase="joined"]')).toBeVisible();
  await expect
    .poll(
      async () => {
        // Asked from the page, since only the browser knows where classroom.test is.
        const stats = await page.evaluate(async (id) => {
          const response = await fetch(`/api/rooms/${id}/stats`);
          return response.ok ? ((await response.json()) as RoomStats) : null;
        }, roomId);
        if (!stats) return 0;
        return stats.publishers.filter((p) => !p.bot).flatMap((p) => p.layers).filter((l) => l.active).length;
      },
      { timeout: 60_000 },
    )
    .toBeGreaterThan(0);

  // A second phone that only watches: with no camera permission Chromium hides its host address behind an
  // mDNS name (.local). The ICE-lite SFU never needs to resolve it: it answers the browser's checks where
  // they come from (a peer-reflexive address), so the video still arrives.
  const viewerContext = await browser.newContext({ ignoreHTTPSErrors: true, baseURL: `https://classroom.test:${port}` });
  const viewer = await viewerContext.newPage();
  await viewer.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { candidates: string[] }).candidates = seen;
    const Native = window.RTCPeerConnection;
    window.RTCPeerConnection = class extends Native {
      constructor(config?: RTCConfiguration) {
        super(config);
        this.addEventListener('icecandidate', (event) => {
          if (event.candidate?.candidate) seen.push(event.candidate.candidate);
        });
      }
    } as typeof RTCPeerConnection;
  });
  await viewer.goto(`/room/${roomId}`);
  await viewer.locator('[data-control="name"]').fill('Watcher');
  await viewer.locator('[data-control="join-viewer"]').click();
  await expect(viewer.locator('[data-room-phase="joined"]')).toBeVisible();
  await expect
    .poll(() => viewer.evaluate(() => Math.max(0, ...Array.from(document.querySelectorAll('video'), (v) => v.getVideoPlaybackQuality().totalVideoFrames))), {
      timeout: 60_000,
    })
    .toBeGreaterThan(5);
  const candidates = await viewer.evaluate(() => (window as unknown as { candidates: string[] }).candidates);
  // Every address this viewer offered was an mDNS name, so the media came over peer-reflexive pairs.
  expect(candidates.length).toBeGreaterThan(0);
  expect(candidates.filter((c) => !/ [0-9a-f-]+\.local \d+ typ host/.test(c))).toEqual([]);
  await viewerContext.close();
  await context.close();
});
