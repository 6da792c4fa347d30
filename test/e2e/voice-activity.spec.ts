import path from 'node:path';
import { test, expect, type Page } from '@playwright/test';
import config from '../../playwright.config';
import { assetUrl } from '@/components/assets';
import { CLIP } from '@/lib/vad/clipFrames';
import { DEFAULT_VAD_PARAMS } from '@/lib/vad/detector';
import { clipPacketSummaries, clipVoiceFrames } from '@/lib/vad/tables';
import { DEFAULT_ROOM, roomTraffic } from '@/lib/vad/room';
import { formatCount, formatKbps, formatPercent } from '@/lib/units';
import { collectErrors, loadEveryFigure } from './support/pages';

// Chromium's fake capture device (the harness passes --use-fake-device-for-media-stream) plays the
// chapter's own clip as the microphone, so the live detector has speech and pauses to hear. The harness's
// other launch options are kept. (launchOptions can only be set for a whole file.)
const harnessLaunchOptions = config.use?.launchOptions ?? {};
test.use({
  launchOptions: {
    ...harnessLaunchOptions,
    args: [
      ...(harnessLaunchOptions.args ?? []),
      `--use-file-for-fake-audio-capture=${path.resolve('media/audio/voice-activity/clip.wav')}`,
    ],
  },
});

const CHAPTER = '/learn/voice-activity';
const clipFigure = (page: Page) => page.locator('figure[data-figure="voice-activity/clip"]');
const roomFigure = (page: Page) => page.locator('figure[data-figure="voice-activity/room"]');
const micButton = (page: Page) => page.locator('[data-control="vad-microphone"]');

function clipSummary(thresholdDb: number): string {
  const frames = clipVoiceFrames({ ...DEFAULT_VAD_PARAMS, thresholdDb });
  const voice = frames.filter((f) => f.voice).length;
  return `${formatCount(voice)} of ${formatCount(frames.length)} frames are voice`;
}

test.describe('the voice activity chapter', () => {
  test('shows the clip’s voice frames and each policy’s packets per second and kbps, from the lib model', async ({ page }) => {
    const errors = collectErrors(page);
    await page.goto(CHAPTER);
    await loadEveryFigure(page);
    const figure = clipFigure(page);
    await expect(figure.getByTestId('clip-summary')).toContainText(clipSummary(DEFAULT_VAD_PARAMS.thresholdDb));
    for (const summary of clipPacketSummaries()) {
      await expect(figure.getByTestId(`pps-${summary.policy}`).first()).toHaveText(
        `${Math.round(summary.packetsPerSecond * 10) / 10} packets/s`,
      );
      await expect(figure.getByTestId(`kbps-${summary.policy}`).first()).toHaveText(formatKbps(Math.round(summary.kbps * 10) / 10));
    }
    await expect(figure.locator('audio')).toHaveAttribute('src', assetUrl(CLIP.src));
    const clip = await page.request.get(assetUrl(CLIP.src));
    expect(clip.ok()).toBe(true);
    expect(clip.headers()['content-type']).toContain('audio');
    expect(errors).toEqual([]);
  });

  test('re-runs the detector when the reader moves the threshold with the keyboard', async ({ page }) => {
    await page.goto(CHAPTER);
    await loadEveryFigure(page);
    const slider = clipFigure(page).locator('[data-control="vad-threshold"]');
    await slider.focus();
    for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowLeft');
    await expect(slider).toHaveValue(String(DEFAULT_VAD_PARAMS.thresholdDb - 6));
    await expect(clipFigure(page).getByTestId('clip-summary')).toContainText(clipSummary(DEFAULT_VAD_PARAMS.thresholdDb - 6));
  });

  test('shows the room saving growing with room size: half with two people, far more with fifty', async ({ page }) => {
    await page.goto(CHAPTER);
    await loadEveryFigure(page);
    const figure = roomFigure(page);
    const saving = figure.getByTestId('room-vad-saving');
    await expect(saving).toHaveText(formatPercent(roomTraffic('vad', DEFAULT_ROOM).savingVsContinuous, 1));
    const people = figure.locator('[data-control="room-people"]');
    await people.focus();
    await page.keyboard.press('Home');
    await expect(people).toHaveValue('2');
    await expect(saving).toHaveText(formatPercent(roomTraffic('vad', { ...DEFAULT_ROOM, people: 2 }).savingVsContinuous, 1));
    await expect(saving).toHaveText('50.0 %');
    await page.keyboard.press('End');
    await expect(saving).toHaveText(formatPercent(roomTraffic('vad', { ...DEFAULT_ROOM, people: 100 }).savingVsContinuous, 1));
  });

  test('explains, and keeps the clip working, when the reader denies the microphone', async ({ page }) => {
    // Chromium rejects getUserMedia with a NotAllowedError when the reader presses "Block". The harness's
    // --use-fake-ui-for-media-stream accepts every prompt, and the headless shell without it has no prompt to
    // answer (it says NotSupportedError), so the refusal is given here exactly as Chromium gives it.
    await page.addInitScript(() => {
      navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
    });
    const errors = collectErrors(page);
    await page.goto(CHAPTER);
    await loadEveryFigure(page);
    await micButton(page).click();
    const problem = clipFigure(page).getByTestId('mic-problem');
    await expect(problem).toHaveAttribute('data-problem', 'denied');
    await expect(problem).toContainText('Microphone access was blocked');
    await expect(problem).toHaveAttribute('role', 'alert');
    await expect(micButton(page)).toHaveText('Use my microphone');
    await expect(clipFigure(page).getByTestId('clip-summary')).toBeVisible();
    // The reader can change their mind: the button is live again and tries once more.
    await expect(micButton(page)).toBeEnabled();
    expect(errors).toEqual([]);
  });

  test('says so when there is no microphone at all', async ({ page }) => {
    await page.addInitScript(() => {
      navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Requested device not found', 'NotFoundError'));
    });
    await page.goto(CHAPTER);
    await loadEveryFigure(page);
    await micButton(page).click();
    const problem = clipFigure(page).getByTestId('mic-problem');
    await expect(problem).toHaveAttribute('data-problem', 'no-device');
    await expect(problem).toContainText('No microphone was found');
  });
});

test.describe('the voice activity chapter with a microphone', () => {
  test('runs the same detector on the live microphone and counts fewer packets with VAD than continuous', async ({ page, context }) => {
    const errors = collectErrors(page);
    await context.grantPermissions(['microphone']);
    await page.goto(CHAPTER);
    await loadEveryFigure(page);
    await micButton(page).click();
    const figure = clipFigure(page);
    await expect(figure.locator('[data-mic-status]')).toHaveAttribute('data-mic-status', 'running');
    await expect(micButton(page)).toHaveText('Stop my microphone');

    // Wait until the clip (played as the microphone) has gone through a talkspurt and a pause.
    const frames = () =>
      figure.getByTestId('mic-live').evaluate((el) => Number(/([\d,]+) frames heard/.exec(el.textContent ?? '')?.[1].replace(/,/g, '') ?? 0));
    const voiceFrames = () =>
      figure.getByTestId('mic-live').evaluate((el) => Number(/([\d,]+) voice/.exec(el.textContent ?? '')?.[1].replace(/,/g, '') ?? 0));
    await expect.poll(frames, { timeout: 20_000 }).toBeGreaterThan(400);
    expect(await voiceFrames()).toBeGreaterThan(0);
    expect(await voiceFrames()).toBeLessThan(await frames());

    const live = figure.getByRole('list', { name: 'Packets your microphone would send, by policy' });
    const rate = async (policy: string) =>
      Number((await live.getByTestId(`pps-${policy}`).textContent())?.replace(/[^\d.]/g, ''));
    expect(await rate('continuous')).toBe(50);
    expect(await rate('vad')).toBeLessThan(50);
    expect(await rate('vad')).toBeGreaterThan(0);

    await micButton(page).click();
    await expect(figure.locator('[data-mic-status]')).toHaveAttribute('data-mic-status', 'idle');
    expect(errors).toEqual([]);
  });
});
