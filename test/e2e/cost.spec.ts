import { expect, test, type Locator } from '@playwright/test';
import { DEFAULT_COST_INPUTS, COST_LIMITS, costSummary, costTable, costWaterfall, type CostInputs } from '@/lib/cost';
import { collectErrors } from './support/pages';
import { expectedRows, liveFigure, tableRows } from './support/figures';

const CHAPTER = '/learn/cost';
const FIGURE = 'cost/waterfall';

/** The waterfall bars, the summary and the table all show the model's values for these inputs. */
async function expectCost(figure: Locator, inputs: CostInputs) {
  await expect.poll(() => tableRows(figure)).toEqual(expectedRows(costTable(inputs)));
  for (const step of costWaterfall(inputs)) {
    const bar = figure.locator(`[data-step="${step.id}"]`);
    expect(Number(await bar.getAttribute('data-value'))).toBeCloseTo(step.cost.totalUsd, 10);
    expect(Number(await bar.getAttribute('data-saved'))).toBeCloseTo(step.savedUsd, 10);
  }
  const summary = figure.getByTestId('cost-summary');
  await expect(summary).toHaveAttribute('data-free-users', String(Math.floor(costSummary(inputs).freeUsersPerSubscription)));
}

test.describe('Cost chapter', () => {
  test('every control moved with the keyboard changes the waterfall and its table to the model’s values', async ({ page }) => {
    const errors = collectErrors(page);
    await page.goto(CHAPTER);
    const figure = await liveFigure(page, FIGURE);
    let inputs: CostInputs = { ...DEFAULT_COST_INPUTS };
    await expectCost(figure, inputs);
    await expect(figure.locator('[data-step="naive"]')).toContainText('$1.40 a month');
    await expect(figure.locator('[data-step="model"]')).toContainText('$0.237 a month');
    await expect(figure.locator('[data-step="model"]')).toContainText('This model’s design');
    // Each cut says whether Discord documents it, as lib/cost labels it.
    await expect(figure.locator('[data-step="vad"] [data-documented="true"]')).toHaveText('Documented by Discord');
    await expect(figure.locator('[data-step="simulcast"] [data-documented="false"]')).toHaveText('Not documented by Discord');
    await expect(figure.getByTestId('cost-summary')).toContainText('42 free users');

    const press = async (control: string, key: string, change: Partial<CostInputs>) => {
      await figure.locator(`[data-control="${control}"]`).focus();
      await page.keyboard.press(key);
      inputs = { ...inputs, ...change };
      await expectCost(figure, inputs);
    };

    await press('hours', 'ArrowRight', { voiceHoursPerDay: inputs.voiceHoursPerDay + COST_LIMITS.voiceHoursPerDay.step });
    await press('people', 'ArrowRight', { peoplePerChannel: inputs.peoplePerChannel + 1 });
    await press('talkers', 'ArrowRight', { speakingAtOnce: inputs.speakingAtOnce + 1 });
    await press('watched', 'ArrowLeft', { watchedShare: 0.5 });
    await press('egress-price', 'ArrowRight', { egressUsdPerGB: 0.006 });
    await press('server-price', 'ArrowLeft', { serverUsdPerMonth: inputs.serverUsdPerMonth - COST_LIMITS.serverUsdPerMonth.step });
    await press('subscription', 'ArrowRight', { subscriptionUsdPerMonth: inputs.subscriptionUsdPerMonth + 1 });
    await press('video', 'Space', { videoOn: false });
    // Without video the two video levers save nothing.
    await expect(figure.locator('[data-step="videoOnlyToWatchers"]')).toHaveAttribute('data-saved', '0');
    await expect(figure.locator('[data-step="simulcast"]')).toHaveAttribute('data-saved', '0');

    expect(errors).toEqual([]);
  });

  test('each lever links to the chapter that explains it, and the last beat invites the reader into the live room', async ({ page }) => {
    await page.goto(CHAPTER);
    const figure = await liveFigure(page, FIGURE);
    await expect(figure.locator('[data-step="vad"] a')).toHaveAttribute('href', '/learn/voice-activity');
    await expect(figure.locator('[data-step="videoOnlyToWatchers"] a')).toHaveAttribute('href', '/learn/simulcast');
    await expect(figure.locator('[data-step="simulcast"] a')).toHaveAttribute('href', '/learn/simulcast');
    await expect(figure.locator('[data-step="clientNoiseSuppression"] a')).toHaveAttribute('href', '/learn/noise-suppression');
    await expect(page.locator('main a[href="/room/lobby"]').last()).toBeVisible();
    await expect(figure.getByText('Assumptions (Discord publishes none of these; set your own)')).toBeVisible();
  });

  test('under reduced motion the bars jump to their new size without a transition', async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(CHAPTER);
    const figure = await liveFigure(page, FIGURE);
    const bar = figure.locator('[data-step="naive"] [aria-hidden="true"] > span');
    // The site's reduced-motion rule shortens every transition to a hundredth of a millisecond.
    const longestSeconds = () =>
      bar.evaluate((element) => Math.max(...getComputedStyle(element).transitionDuration.split(',').map((part) => parseFloat(part))));
    expect(await longestSeconds()).toBeLessThan(0.001);
    await page.emulateMedia({ reducedMotion: 'no-preference' });
    expect(await longestSeconds()).toBeGreaterThanOrEqual(0.3);
  });
});
