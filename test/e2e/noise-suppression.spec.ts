import { test, expect, type Page } from '@playwright/test';
import { collectErrors } from './support/pages';

const CHAPTER = '/learn/noise-suppression';

async function openDenoiser(page: Page) {
  await page.goto(CHAPTER);
  const figure = page.locator('figure[data-figure="noise-suppression/denoiser"]');
  await figure.scrollIntoViewIfNeeded();
  const denoiser = figure.getByTestId('denoiser');
  await expect(denoiser).toBeVisible({ timeout: 20_000 });
  return denoiser;
}

/** Frames of voice probability the page has received from the worklet so far. */
async function framesReceived(page: Page): Promise<number> {
  return Number(await page.getByTestId('voice-probability').getAttribute('data-frames'));
}

test.describe('noise suppression chapter: RNNoise in the browser', () => {
  test('plays the clip through RNNoise and the voice-probability display keeps updating', async ({ page }) => {
    const errors = collectErrors(page);
    const denoiser = await openDenoiser(page);
    await expect(denoiser).toHaveAttribute('data-status', 'idle');
    await denoiser.locator('[data-control="play-clip"]').click();
    await expect(denoiser).toHaveAttribute('data-status', 'clip', { timeout: 20_000 });
    await expect(denoiser).toHaveAttribute('data-worklet-path', 'denoised');

    // The worklet reports 100 frames a second; the display shows them as they come.
    await expect.poll(() => framesReceived(page), { timeout: 20_000 }).toBeGreaterThan(50);
    const seen = new Set<string>();
    await expect
      .poll(
        async () => {
          seen.add((await page.getByTestId('voice-probability').textContent()) ?? '');
          return [...seen].filter((text) => /^\d\.\d\d$/.test(text)).length;
        },
        { timeout: 30_000 },
      )
      .toBeGreaterThan(2);
    const before = await framesReceived(page);
    await expect.poll(() => framesReceived(page), { timeout: 10_000 }).toBeGreaterThan(before + 50);

    // The speed meter reports a measurement taken in the audio thread.
    await expect(page.getByTestId('realtime-factor')).toContainText('faster than real time', { timeout: 30_000 });
    expect(errors).toEqual([]);
  });

  test('the path switch changes what the worklet plays, while it plays', async ({ page }) => {
    const denoiser = await openDenoiser(page);
    await denoiser.locator('[data-control="play-clip"]').click();
    await expect(denoiser).toHaveAttribute('data-worklet-path', 'denoised', { timeout: 20_000 });

    const pathControl = denoiser.locator('[data-control="noise-path"]');
    await pathControl.getByLabel('Original').check();
    await expect(denoiser).toHaveAttribute('data-worklet-path', 'original');
    await expect(denoiser).toHaveAttribute('data-status', 'clip');
    await pathControl.getByLabel('Denoised by RNNoise').check();
    await expect(denoiser).toHaveAttribute('data-worklet-path', 'denoised');

    // The frames keep coming across the switches: the clip never stopped.
    const frames = await framesReceived(page);
    await expect.poll(() => framesReceived(page), { timeout: 10_000 }).toBeGreaterThan(frames);
  });

  test('the spectrograms draw the sound before and after', async ({ page }) => {
    const denoiser = await openDenoiser(page);
    await denoiser.locator('[data-control="play-clip"]').click();
    await expect(denoiser).toHaveAttribute('data-status', 'clip', { timeout: 20_000 });
    const brightPixels = (index: number) =>
      denoiser.locator('canvas').nth(index).evaluate((canvas: HTMLCanvasElement) => {
        const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        let bright = 0;
        for (let i = 0; i < data.length; i += 4) if (data[i] + data[i + 1] + data[i + 2] > 200) bright++;
        return bright;
      });
    await expect.poll(() => brightPixels(0), { timeout: 20_000 }).toBeGreaterThan(100);
    await expect.poll(() => brightPixels(1), { timeout: 20_000 }).toBeGreaterThan(0);
  });

  test('runs the live microphone through the same pipeline', async ({ page }) => {
    const denoiser = await openDenoiser(page);
    await denoiser.locator('[data-control="microphone"]').click();
    await expect(denoiser).toHaveAttribute('data-status', 'microphone', { timeout: 20_000 });
    await expect(denoiser.locator('[data-control="hear-microphone"]')).not.toBeChecked();
    await expect.poll(() => framesReceived(page), { timeout: 20_000 }).toBeGreaterThan(50);
    await denoiser.locator('[data-control="microphone"]').click();
    await expect(denoiser).toHaveAttribute('data-status', 'idle');
  });

  test('says plainly when microphone permission is denied', async ({ page }) => {
    await page.addInitScript(() => {
      navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
    });
    const denoiser = await openDenoiser(page);
    await denoiser.locator('[data-control="microphone"]').click();
    await expect(denoiser.getByRole('alert')).toContainText('Microphone permission was denied');
    await expect(denoiser).toHaveAttribute('data-status', 'error');
  });

  test('says plainly when there is no microphone', async ({ page }) => {
    await page.addInitScript(() => {
      navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Requested device not found', 'NotFoundError'));
    });
    const denoiser = await openDenoiser(page);
    await denoiser.locator('[data-control="microphone"]').click();
    await expect(denoiser.getByRole('alert')).toContainText('No microphone was found');
  });

  test('the cost figure prices cleaning every voice on servers, talking microphones only or all always on, and can use this device’s speed', async ({ page }) => {
    const denoiser = await openDenoiser(page);
    const cost = page.locator('figure[data-figure="noise-suppression/cost"]');
    await cost.scrollIntoViewIfNeeded();
    // With VAD a tenth of 2.6 million microphones send at once (the cost chapter's channel): 260,000 / 60, rounded up.
    await expect(cost.getByTestId('server-cores')).toHaveText('4,334 cores', { timeout: 20_000 });
    await cost.locator('[data-control="suppressor-speed"]').getByLabel('Raspberry Pi 3').check();
    await expect(cost.getByTestId('server-cores')).toHaveText('37,143 cores');
    await cost.locator('[data-control="only-while-talking"]').focus();
    await page.keyboard.press('Space');
    await expect(cost.getByTestId('server-cores')).toHaveText('371,429 cores');
    await cost.locator('[data-control="suppressor-speed"]').getByLabel('x86').check();
    await expect(cost.getByTestId('server-cores')).toHaveText('43,334 cores');

    await denoiser.scrollIntoViewIfNeeded();
    await denoiser.locator('[data-control="play-clip"]').click();
    await expect(page.getByTestId('realtime-factor')).toContainText('faster than real time', { timeout: 30_000 });
    await cost.scrollIntoViewIfNeeded();
    await cost.locator('[data-control="suppressor-speed"]').getByLabel('This device').check();
    await expect(cost.locator('table')).toContainText('Measured on this device');
  });
});
