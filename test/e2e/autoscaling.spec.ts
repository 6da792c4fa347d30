import { expect, test, type Locator } from '@playwright/test';
import {
  DEFAULT_AUTOSCALE_INPUTS,
  DEFAULT_CURSOR_TICK,
  DEFAULT_REGION_INPUTS,
  autoscaleTable,
  clockOfTick,
  fleetTable,
  regionForInputs,
  regionTable,
  regionTotals,
  serverCapacityUsers,
  simulateAutoscaleDay,
  type AutoscaleInputs,
  type RegionFigureInputs,
} from '@/lib/voiceservers';
import { NO_FLEET } from '@/lib/protocol/fleet';
import { collectErrors } from './support/pages';
import { expectedRows, liveFigure, meter, tableRows } from './support/figures';

const CHAPTER = '/learn/autoscaling';
const CAPACITY = serverCapacityUsers();

async function expectRegion(figure: Locator, inputs: RegionFigureInputs) {
  const region = regionForInputs(inputs, CAPACITY);
  await expect.poll(() => tableRows(figure)).toEqual(expectedRows(regionTable(region)));
  const totals = regionTotals(region);
  expect(await meter(figure, 'placed-users')).toBe(totals.placedUsers);
  expect(await meter(figure, 'healthy-servers')).toBe(totals.healthyServers);
  expect(await meter(figure, 'moves')).toBe(totals.moves);
  expect(await meter(figure, 'waiting')).toBe(totals.waitingGuilds);
}

async function expectDay(figure: Locator, inputs: AutoscaleInputs) {
  const day = simulateAutoscaleDay(inputs);
  await expect.poll(() => tableRows(figure)).toEqual(expectedRows(autoscaleTable(day)));
  expect(await meter(figure, 'autoscaled-dropped')).toBe(day.autoscaled.droppedJoins);
  expect(await meter(figure, 'fixed-dropped')).toBe(day.fixed.droppedJoins);
  expect(await meter(figure, 'autoscaled-server-hours')).toBe(Math.round(day.autoscaled.serverHours));
  expect(await meter(figure, 'fixed-server-hours')).toBe(Math.round(day.fixed.serverHours));
}

test.describe('Autoscaling chapter', () => {
  // Reduced motion keeps the figures' clocks still, so every value checked is the model's for the inputs set.
  test.beforeEach(async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
  });

  test('the region figure places guilds and moves a failed server’s guilds, driven by the keyboard', async ({ page }) => {
    const errors = collectErrors(page);
    await page.goto(CHAPTER);
    const figure = await liveFigure(page, 'autoscaling/region');
    let inputs: RegionFigureInputs = { ...DEFAULT_REGION_INPUTS };
    await expectRegion(figure, inputs);

    await figure.locator('[data-control="servers"]').focus();
    await page.keyboard.press('ArrowLeft');
    inputs = { ...inputs, serverCount: inputs.serverCount - 1 };
    await expectRegion(figure, inputs);

    await figure.locator('[data-control="guilds"]').focus();
    await page.keyboard.press('ArrowRight');
    inputs = { ...inputs, joined: inputs.joined + 1 };
    await expectRegion(figure, inputs);

    const fail = figure.locator('[data-control="server-1"]');
    await fail.focus();
    await page.keyboard.press('Enter');
    inputs = { ...inputs, actions: [{ type: 'fail', serverId: 0, afterJoins: inputs.joined }] };
    await expectRegion(figure, inputs);
    expect(regionTotals(regionForInputs(inputs, CAPACITY)).moves).toBeGreaterThan(0);
    await expect(fail).toHaveAttribute('aria-pressed', 'true');
    await expect(figure.locator('[data-server="0"]')).toHaveAttribute('data-healthy', 'false');

    await page.keyboard.press('Space');
    inputs = { ...inputs, actions: [...inputs.actions, { type: 'recover', serverId: 0, afterJoins: inputs.joined }] };
    await expectRegion(figure, inputs);
    await expect(fail).toHaveAttribute('aria-pressed', 'false');

    // Failing all but one server leaves guilds with nowhere to go.
    for (let server = 2; server <= inputs.serverCount; server += 1) {
      await figure.locator(`[data-control="server-${server}"]`).press('Enter');
      inputs = { ...inputs, actions: [...inputs.actions, { type: 'fail', serverId: server - 1, afterJoins: inputs.joined }] };
    }
    await expectRegion(figure, inputs);
    await expect(figure.locator('[data-meter="waiting"]')).toHaveAttribute('data-over', 'true');
    expect(errors).toEqual([]);
  });

  test('under reduced motion the region starts paused and one Step lets one guild start voice', async ({ page }) => {
    await page.goto(CHAPTER);
    const figure = await liveFigure(page, 'autoscaling/region');
    await expect(figure.locator('.control-play button').first()).toHaveText('Play');
    await page.waitForTimeout(1000);
    await expectRegion(figure, DEFAULT_REGION_INPUTS);
    await figure.getByRole('button', { name: 'Step' }).click();
    await expectRegion(figure, { ...DEFAULT_REGION_INPUTS, joined: DEFAULT_REGION_INPUTS.joined + 1 });
  });

  test('the day figure follows headroom, provisioning time and the surge to the model’s values', async ({ page }) => {
    const errors = collectErrors(page);
    await page.goto(CHAPTER);
    const figure = await liveFigure(page, 'autoscaling/day');
    let inputs: AutoscaleInputs = { ...DEFAULT_AUTOSCALE_INPUTS };
    await expectDay(figure, inputs);
    await expect(figure.locator('[data-meter="autoscaled-dropped"]')).toHaveAttribute('data-over', 'false');
    await expect(figure.locator('[data-meter="fixed-dropped"]')).toHaveAttribute('data-over', 'true');

    await figure.locator('[data-control="delay"]').focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    inputs = { ...inputs, provisioningDelayMin: inputs.provisioningDelayMin + 15 };
    await expectDay(figure, inputs);
    await expect(figure.locator('[data-meter="autoscaled-dropped"]')).toHaveAttribute('data-over', 'true');

    await figure.locator('[data-control="headroom"]').focus();
    await page.keyboard.press('ArrowRight');
    inputs = { ...inputs, headroomShare: 0.25 };
    await expectDay(figure, inputs);

    await figure.locator('[data-control="surge"]').focus();
    await page.keyboard.press('Space');
    inputs = { ...inputs, surge: false };
    await expectDay(figure, inputs);

    await figure.locator('[data-control="clock"]').focus();
    await page.keyboard.press('ArrowRight');
    const day = simulateAutoscaleDay(inputs);
    await expect(figure.getByTestId('day-clock')).toHaveText(
      `${clockOfTick(DEFAULT_CURSOR_TICK + 1)}: ${day.demand[DEFAULT_CURSOR_TICK + 1].toLocaleString('en-US')} voice users`,
    );
    expect(errors).toEqual([]);
  });

  test('the live fleet figure says plainly that no fleet is running on a single server, with an empty table', async ({ page }) => {
    const errors = collectErrors(page);
    await page.goto(CHAPTER);
    const figure = await liveFigure(page, 'autoscaling/fleet');
    await expect(figure.getByTestId('fleet-none')).toContainText('No fleet is running');
    await expect(figure.getByTestId('fleet-none')).toContainText('npm run fleet -- --nodes 3');
    await expect(figure.locator('details.figure-data caption')).toHaveText(fleetTable(NO_FLEET).caption);
    expect(await tableRows(figure)).toEqual([]);
    expect(errors).toEqual([]);
  });

  test('under reduced motion the day’s clock stays put until Step moves it five minutes', async ({ page }) => {
    await page.goto(CHAPTER);
    const figure = await liveFigure(page, 'autoscaling/day');
    const clock = figure.getByTestId('day-clock');
    await expect(clock).toContainText(clockOfTick(DEFAULT_CURSOR_TICK));
    const cursor = figure.getByTestId('day-cursor');
    const before = await cursor.getAttribute('x1');
    await page.waitForTimeout(500);
    expect(await cursor.getAttribute('x1')).toBe(before);
    await figure.getByRole('button', { name: 'Step' }).click();
    await expect(clock).toContainText(clockOfTick(DEFAULT_CURSOR_TICK + 1));
    expect(await cursor.getAttribute('x1')).not.toBe(before);
  });
});
