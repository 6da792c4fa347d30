import { expect, test, type Page } from '@playwright/test';
import {
  DEFAULT_HEAR_IT_INPUTS,
  DEFAULT_UDP_TCP_INPUTS,
  COUNTING_CLIP_FRAMES,
  INPUT_RANGES,
  clipTable,
  summarizeInputs,
  udpTcpTable,
  type UdpTcpInputs,
} from '@/lib/transport';
import { formatCount, formatMs } from '@/lib/units';

const URL = '/learn/udp-vs-tcp';

/** Scrolls a figure's still into view so the interactive part loads, and waits for its first control. */
async function loadFigure(page: Page, control: string) {
  const input = page.locator(`[data-control="${control}"]`);
  for (let i = 0; i < 40 && (await input.count()) === 0; i++) {
    await page.mouse.wheel(0, 600);
    await page.waitForTimeout(150);
  }
  await input.scrollIntoViewIfNeeded();
  await expect(input).toBeVisible();
  return input.locator('xpath=ancestor::figure[1]');
}

async function tableRows(figure: ReturnType<Page['locator']>) {
  return figure.locator('table tbody tr').evaluateAll((rows) =>
    rows.map((row) => Array.from(row.querySelectorAll('th, td')).map((cell) => cell.textContent?.trim() ?? '')),
  );
}

test.describe('UDP vs TCP chapter', () => {
  let consoleErrors: string[];
  test.beforeEach(async ({ page }) => {
    consoleErrors = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    await page.goto(URL);
  });
  test.afterEach(() => {
    expect(consoleErrors).toEqual([]);
  });

  test('the prose quotes the freezes the model computes, not numbers typed by hand', async ({ page }) => {
    const paragraph = page.locator('p', { has: page.locator('data[data-value-of="transport.freezeMs.rfc6298"]') });
    await expect(paragraph.locator('data[data-value-of="transport.freezeMs.linux"]')).toHaveAttribute('value', '360');
    await expect(paragraph).toContainText('silence for 360 ms under Linux');
    await expect(paragraph).toContainText('1,060 ms under the standard');
  });

  const sliders: { control: string; key: keyof UdpTcpInputs; step: number }[] = [
    { control: 'udp-tcp-loss', key: 'lossPercent', step: INPUT_RANGES.lossPercent.step },
    { control: 'udp-tcp-rtt', key: 'rttMs', step: INPUT_RANGES.rttMs.step },
    { control: 'udp-tcp-jitter', key: 'jitterMs', step: INPUT_RANGES.jitterMs.step },
  ];

  for (const { control, key, step } of sliders) {
    test(`moving the ${key} slider with the keyboard updates the lanes summary and table to the model`, async ({ page }) => {
      const figure = await loadFigure(page, 'udp-tcp-loss');
      await page.locator(`[data-control="${control}"]`).focus();
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      const inputs = { ...DEFAULT_UDP_TCP_INPUTS, [key]: (DEFAULT_UDP_TCP_INPUTS[key] as number) + 2 * step };
      const summary = summarizeInputs(inputs);
      await expect(figure.locator('[data-value="tcp-freezes"]')).toHaveText(formatCount(summary.tcp.freezes));
      await expect(figure.locator('[data-value="tcp-frozen"]')).toHaveText(formatMs(summary.tcp.frozenMs));
      await expect(figure.locator('[data-value="udp-concealed"]')).toHaveText(formatCount(summary.udp.framesConcealed));
      await expect(figure.locator('[data-value="udp-typical"]')).toHaveText(formatMs(summary.udp.medianMouthToEarMs));
      await expect.poll(() => tableRows(figure)).toEqual(udpTcpTable(inputs).rows);
      await expect(figure.locator('table caption')).toHaveText(udpTcpTable(inputs).caption);
    });
  }

  test('switching the TCP timer to RFC 6298 with the keyboard updates the table', async ({ page }) => {
    const figure = await loadFigure(page, 'udp-tcp-loss');
    await figure.locator('[data-control="udp-tcp-rto"] input').first().focus();
    await page.keyboard.press('ArrowRight');
    const inputs: UdpTcpInputs = { ...DEFAULT_UDP_TCP_INPUTS, rtoPolicy: 'rfc6298' };
    await expect.poll(() => tableRows(figure)).toEqual(udpTcpTable(inputs).rows);
  });

  test('a dropped packet is lost on both lanes and counted once on each', async ({ page }) => {
    const figure = await loadFigure(page, 'udp-tcp-loss');
    // Zero loss and jitter, so the only glitch is the one we cause.
    await page.locator('[data-control="udp-tcp-loss"]').focus();
    await page.keyboard.press('Home');
    await page.locator('[data-control="udp-tcp-jitter"]').focus();
    await page.keyboard.press('Home');
    await figure.locator('[data-control="udp-tcp-speed"] input').last().check();
    await figure.getByRole('button', { name: 'Reset' }).click();
    await page.waitForTimeout(500);
    await figure.locator('[data-control="udp-tcp-drop"]').click();
    const udpGlitches = figure.locator('[data-counter="udp"] dd').nth(1);
    const tcpGlitches = figure.locator('[data-counter="tcp"] dd').nth(1);
    await expect(udpGlitches).toHaveText('1', { timeout: 15_000 });
    await expect(tcpGlitches).toHaveText('1', { timeout: 15_000 });
  });

  test('the hear-it buttons play each version without errors, and its sliders drive its table', async ({ page }) => {
    const figure = await loadFigure(page, 'hear-loss');
    const status = figure.locator('[data-playing]');
    for (const version of ['original', 'tcp', 'udp'] as const) {
      await figure.locator(`[data-control="hear-play-${version}"]`).click();
      await expect(status).toHaveAttribute('data-playing', version);
      await expect(figure.locator(`[data-control="hear-play-${version}"]`)).toHaveAttribute('aria-pressed', 'true');
    }
    await figure.locator('[data-control="hear-stop"]').click();
    await expect(status).toHaveAttribute('data-playing', '');

    await page.locator('[data-control="hear-loss"]').focus();
    await page.keyboard.press('ArrowRight');
    const inputs = { ...DEFAULT_HEAR_IT_INPUTS, lossPercent: DEFAULT_HEAR_IT_INPUTS.lossPercent + 1 };
    await expect.poll(() => tableRows(figure)).toEqual(clipTable(inputs, COUNTING_CLIP_FRAMES).rows);
    // The runs come from a Web Worker (the page computes only the first), so a drag leaves the main thread free.
    expect(page.workers().map((worker) => new globalThis.URL(worker.url()).origin)).toContain(new globalThis.URL(page.url()).origin);
  });
});
