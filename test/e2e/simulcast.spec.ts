import { test, expect, type Locator, type Page } from '@playwright/test';
import {
  DEFAULT_ROOM_INPUTS,
  chooseFriendLayers,
  layerLabel,
  simulcastRoom,
  simulcastRoomTable,
  type FriendInputs,
  type SimulcastRoomInputs,
} from '@/lib/simulcast/room';
import { formatKbps } from '@/lib/units';
import { simulcastLadderTable } from '@/lib/simulcast/publisher';
import { SOURCE_SIZES } from '@/lib/simulcast/room';

/**
 * The reader's side of the simulcast figure: keyboard changes to a friend's controls give the layer,
 * the kbps, the totals and the data table that lib/simulcast/room.ts computes for the same inputs,
 * and a change of layer goes through a keyframe before the friend's line switches.
 */

/** The model, replayed: the same inputs and the same policy memory the figure keeps. */
class Model {
  inputs: SimulcastRoomInputs = DEFAULT_ROOM_INPUTS;
  rids = chooseFriendLayers(DEFAULT_ROOM_INPUTS);

  set(next: SimulcastRoomInputs) {
    this.rids = chooseFriendLayers(next, next.source === this.inputs.source ? this.rids : []);
    this.inputs = next;
  }

  friend(index: number, patch: Partial<FriendInputs>) {
    this.set({ ...this.inputs, friends: this.inputs.friends.map((f, i) => (i === index ? { ...f, ...patch } : f)) });
  }

  get outcome() {
    return simulcastRoom(this.inputs, this.rids);
  }
}

async function openFigure(page: Page): Promise<Locator> {
  await page.goto('/learn/simulcast');
  const figure = page.locator('figure[data-figure="simulcast/five-friends"]');
  await figure.scrollIntoViewIfNeeded();
  await expect(figure.locator('.figure-body')).toHaveAttribute('data-figure-state', 'live');
  await expect(figure.getByTestId('simulcast-friends')).toBeVisible();
  return figure;
}

async function expectModel(figure: Locator, model: Model) {
  const outcome = model.outcome;
  for (const [i, friend] of model.inputs.friends.entries()) {
    const id = friend.name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    const result = outcome.friends[i];
    await expect(figure.getByTestId(`${id}-layer`)).toHaveText(layerLabel(result.layer));
    await expect(figure.getByTestId(`${id}-layer`)).toHaveAttribute('data-rid', result.rid ?? '');
    await expect(figure.getByTestId(`${id}-kbps`)).toHaveText(formatKbps(result.receiveKbps));
  }
  await expect(figure.locator('[data-stat="egress"]')).toHaveAttribute('data-kbps', String(outcome.egressKbps));
  await expect(figure.locator('[data-stat="upload"]')).toHaveAttribute('data-kbps', String(outcome.uploadKbps));
  await expect(figure.locator('[data-stat="top-to-all"]')).toHaveAttribute('data-kbps', String(outcome.topLayerToAll.egressKbps));
  await expect(figure.locator('[data-stat="single-stream"]')).toHaveAttribute('data-kbps', String(outcome.singleStream.egressKbps));
  const table = simulcastRoomTable(model.inputs, outcome);
  const rows = figure.getByTestId('simulcast-friends').locator('table tbody tr');
  await expect(rows).toHaveCount(table.rows.length);
  for (const [r, row] of table.rows.entries()) {
    const cells = row.map((cell) => (typeof cell === 'number' ? cell.toLocaleString('en-US') : cell));
    await expect(rows.nth(r).locator('th, td')).toHaveText(cells);
  }
}

test.describe('simulcast figure', () => {
  test('starts with the five friends of the story: 720p, 180p, nothing, 360p, 180p', async ({ page }) => {
    const figure = await openFigure(page);
    const model = new Model();
    expect(model.rids).toEqual(['f', 'q', null, 'h', 'q']);
    await expectModel(figure, model);
  });

  test('restoring a minimized window with the keyboard starts sending that friend a layer', async ({ page }) => {
    const figure = await openFigure(page);
    const model = new Model();
    await figure.locator('[data-control="friend-c-minimized"]').focus();
    await page.keyboard.press('Space');
    model.friend(2, { minimized: false });
    expect(model.outcome.friends[2].rid).toBe('f');
    await expectModel(figure, model);
  });

  test('a faster link for the phone moves Friend B up to 360p, and the totals follow', async ({ page }) => {
    const figure = await openFigure(page);
    const model = new Model();
    const slider = figure.locator('[data-control="friend-b-link"]');
    await slider.focus();
    await page.keyboard.press('ArrowRight');
    model.friend(1, { linkKbps: 600 });
    await expectModel(figure, model);
    await page.keyboard.press('ArrowRight');
    model.friend(1, { linkKbps: 1000 });
    expect(model.outcome.friends[1].rid).toBe('h');
    await expectModel(figure, model);
  });

  test('a bigger window moves Friend E from the thumbnail layer to 360p', async ({ page }) => {
    const figure = await openFigure(page);
    const model = new Model();
    await figure.locator('[data-control="friend-e-window"] input:checked').focus();
    await page.keyboard.press('ArrowLeft');
    model.friend(4, { window: 'small' });
    expect(model.outcome.friends[4].rid).toBe('h');
    await expectModel(figure, model);
  });

  test('minimizing the only 720p viewer pauses the 720p layer, and keeps it when pausing is off', async ({ page }) => {
    const figure = await openFigure(page);
    const model = new Model();
    await figure.locator('[data-control="friend-a-minimized"]').focus();
    await page.keyboard.press('Space');
    model.friend(0, { minimized: true });
    await expect(figure.locator('[data-lane="f"]')).toHaveAttribute('data-active', 'false');
    await expectModel(figure, model);

    await figure.locator('[data-control="pause-unwatched"]').focus();
    await page.keyboard.press('Space');
    model.set({ ...model.inputs, pauseUnwatched: false });
    await expect(figure.locator('[data-lane="f"]')).toHaveAttribute('data-active', 'true');
    await expectModel(figure, model);
  });

  test('a 360p source has only two layers, and a 180p source one', async ({ page }) => {
    const figure = await openFigure(page);
    const model = new Model();
    await figure.locator('[data-control="source"] input:checked').focus();
    await page.keyboard.press('ArrowRight');
    model.set({ ...model.inputs, source: '360p' });
    await expect(figure.locator('[data-lane]')).toHaveCount(2);
    await expectModel(figure, model);
    await page.keyboard.press('ArrowRight');
    model.set({ ...model.inputs, source: '180p' });
    await expect(figure.locator('[data-lane]')).toHaveCount(1);
    await expectModel(figure, model);
  });

  test('a friend switches layers only after a PLI and a keyframe', async ({ page }) => {
    const figure = await openFigure(page);
    const line = figure.locator('[data-friend-line="1"]');
    await expect(line).toHaveAttribute('data-forwarded', 'q');
    await figure.locator('[data-control="friend-b-link"]').focus();
    await page.keyboard.press('End');
    // The policy has decided at once; the server keeps forwarding 180p until the 360p keyframe arrives.
    await expect(figure.getByTestId('friend-b-layer')).toHaveAttribute('data-rid', 'h');
    await expect(figure.getByTestId('switch-status')).toContainText(/PLI|keyframe|switched/);
    await expect(line).toHaveAttribute('data-forwarded', 'h');
    await expect(line).toHaveAttribute('data-pending', '');
    await expect(figure.getByTestId('switch-status')).toContainText('Friend B switched to 360p');
  });

  test('with reduced motion the switch is shown settled, without playing the animation', async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    const figure = await openFigure(page);
    await expect(figure.getByRole('button', { name: 'Play' })).toBeVisible();
    await figure.locator('[data-control="friend-b-link"]').focus();
    await page.keyboard.press('End');
    const line = figure.locator('[data-friend-line="1"]');
    await expect(line).toHaveAttribute('data-forwarded', 'h');
    await expect(line).toHaveAttribute('data-pending', '');
  });
});

test.describe('simulcast ladder figure', () => {
  test('a smaller source, chosen with the keyboard, gets fewer layers with libwebrtc bitrates', async ({ page }) => {
    await page.goto('/learn/simulcast');
    const figure = page.locator('figure[data-figure="simulcast/ladder"]');
    await figure.scrollIntoViewIfNeeded();
    await expect(figure.getByTestId('simulcast-ladder')).toBeVisible();
    for (const [source, layers] of [['720p', 3], ['360p', 2], ['180p', 1]] as const) {
      if (source !== '720p') {
        await figure.locator('[data-control="ladder-source"] input:checked').focus();
        await page.keyboard.press('ArrowRight');
      }
      const size = SOURCE_SIZES[source];
      const table = simulcastLadderTable(size.label, size.widthPx, size.heightPx);
      await expect(figure.getByTestId('ladder-count')).toHaveText(`${layers} ${layers === 1 ? 'layer' : 'layers'}`);
      await expect(figure.locator('[data-layer]')).toHaveCount(layers);
      await expect(figure.locator('table caption')).toHaveText(table.caption);
      const rows = figure.locator('table tbody tr');
      await expect(rows).toHaveCount(table.rows.length);
      for (const [r, row] of table.rows.entries()) {
        await expect(rows.nth(r).locator('th, td')).toHaveText(row.map((cell) => (typeof cell === 'number' ? cell.toLocaleString('en-US') : cell)));
      }
    }
  });
});
