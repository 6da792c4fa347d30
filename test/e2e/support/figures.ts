import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import type { TableData } from '@/lib/table';

/** Scrolls a figure into view and waits until its interactive part has replaced the still. */
export async function liveFigure(page: Page, name: string): Promise<Locator> {
  const figure = page.locator(`figure[data-figure="${name}"]`);
  await figure.scrollIntoViewIfNeeded();
  await expect(figure.locator('[data-still]')).toHaveCount(0, { timeout: 20_000 });
  return figure;
}

/** A model's table as the strings DataTable prints for it (numbers in en-US grouping). */
export function expectedRows(table: TableData): string[][] {
  return table.rows.map((row) => row.map((cell) => (typeof cell === 'number' ? cell.toLocaleString('en-US') : String(cell))));
}

/** The rows of a figure's data table, as the page shows them. */
export async function tableRows(figure: Locator): Promise<string[][]> {
  return figure
    .locator('details.figure-data tbody tr')
    .evaluateAll((trs) => trs.map((tr) => Array.from(tr.children, (cell) => cell.textContent?.trim() ?? '')));
}

/** The number a figure publishes on a `data-meter` element. */
export async function meter(figure: Locator, name: string): Promise<number> {
  return Number(await figure.locator(`[data-meter="${name}"]`).getAttribute('data-value'));
}

/** The figures a chapter shows, in order, read from its MDX (`<Figure name="...">`). */
export function chapterFigures(folder: string): string[] {
  const mdx = readFileSync(path.join(process.cwd(), 'content', folder, 'index.mdx'), 'utf8');
  return [...mdx.matchAll(/<Figure\s[^>]*?name="([^"]+)"/g)].map((match) => match[1]);
}
