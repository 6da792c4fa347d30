import { expect, test, type Locator } from '@playwright/test';
import { GUILD_SIZE_STEPS, fanoutTable, guildFanout, type FanoutInput } from '@/lib/guild';
import { collectErrors } from './support/pages';
import { expectedRows, liveFigure, tableRows } from './support/figures';

const CHAPTER = '/learn/gateway-and-guilds';
const FIGURE = 'gateway-and-guilds/fanout';

/** The readouts and the data table against the model for these inputs. */
async function expectFanout(figure: Locator, input: FanoutInput) {
  const fanout = guildFanout(input);
  const { manifold: _manifold, ...shared } = input;
  await expect.poll(() => tableRows(figure)).toEqual(expectedRows(fanoutTable(shared)));
  const summary = figure.getByTestId('fanout-summary');
  await expect(summary).toHaveAttribute('data-guild-sends', String(fanout.guildSends));
  await expect(summary).toHaveAttribute('data-guild-busy-us', String(fanout.guildBusyUs));
  await expect(summary).toHaveAttribute('data-inter-node', String(fanout.interNodeMessages));
  await expect(summary).toHaveAttribute('data-last-us', String(fanout.lastDeliveryUs));
  await expect(figure.locator('[data-node]')).toHaveCount(input.sessionNodes);
}

test.describe('Gateway and guilds chapter', () => {
  test('the fan-out figure follows every control moved with the keyboard, to the model’s values', async ({ page }) => {
    const errors = collectErrors(page);
    await page.goto(CHAPTER);
    const figure = await liveFigure(page, FIGURE);
    const input: FanoutInput = { members: 100_000, onlinePercent: 30, sessionNodes: 8, manifold: false, sendUs: 50 };
    await expectFanout(figure, input);
    // The cited 2017 case: 30,000 sessions, 0.9 to 2.1 s of sends.
    await expect(figure.locator('details.figure-data')).toContainText('900 ms to 2.1 s');

    await figure.locator('[data-control="members"]').focus();
    await page.keyboard.press('ArrowRight');
    input.members = GUILD_SIZE_STEPS[GUILD_SIZE_STEPS.indexOf(100_000) + 1];
    await expectFanout(figure, input);

    await figure.locator('[data-control="online"]').focus();
    await page.keyboard.press('ArrowLeft');
    input.onlinePercent = 29;
    await expectFanout(figure, input);

    await figure.locator('[data-control="nodes"]').focus();
    await page.keyboard.press('ArrowRight');
    input.sessionNodes = 9;
    await expectFanout(figure, input);

    await figure.locator('[data-control="send-us"]').focus();
    await page.keyboard.press('End');
    input.sendUs = 70;
    await expectFanout(figure, input);

    await figure.locator('[data-control="manifold"]').focus();
    await page.keyboard.press('Space');
    input.manifold = true;
    await expectFanout(figure, input);
    await expect(figure.getByTestId('fanout-summary')).toHaveAttribute('data-guild-sends', '9');

    expect(errors).toEqual([]);
  });

  test('under reduced motion the replay starts paused and steps one tick at a time', async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(CHAPTER);
    const figure = await liveFigure(page, FIGURE);
    await expect(figure.locator('.control-play button').first()).toHaveText('Play');
    const progress = figure.getByTestId('fanout-progress');
    await expect(progress).toHaveAttribute('data-delivered', '0');
    await page.waitForTimeout(300);
    await expect(progress).toHaveAttribute('data-delivered', '0');

    // One 50 ms step at 50 µs a send: 1,000 sends, so 1,000 sessions have the event.
    await figure.getByRole('button', { name: 'Step' }).click();
    await expect(progress).toHaveAttribute('data-delivered', '1000');
    await expect(figure.locator('[data-node="1"]')).toHaveAttribute('data-delivered', '125');
  });
});
