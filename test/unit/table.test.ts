import { describe, expect, it } from 'vitest';
import { sameTable, type TableData } from '@/lib/table';

const table = (): TableData => ({
  caption: 'Bandwidth by room size',
  columns: ['People', 'Upload kbps'],
  rows: [
    ['2', 40],
    ['10', 360],
  ],
});

describe('sameTable: a live figure re-renders its data table only when the contents change', () => {
  it('treats a freshly computed copy with the same cells as the same table', () => {
    expect(sameTable(table(), table())).toBe(true);
  });

  it('sees a changed cell, caption, column or row count', () => {
    const cell = table();
    cell.rows[1][1] = 361;
    expect(sameTable(table(), cell)).toBe(false);
    expect(sameTable(table(), { ...table(), caption: 'Other' })).toBe(false);
    expect(sameTable(table(), { ...table(), columns: ['People', 'Download kbps'] })).toBe(false);
    expect(sameTable(table(), { ...table(), rows: table().rows.slice(0, 1) })).toBe(false);
    expect(sameTable(table(), { ...table(), rows: [['2', 40], ['10', 360, 'extra']] })).toBe(false);
  });

  it('tells a number from the same digits as text', () => {
    expect(sameTable(table(), { ...table(), rows: [['2', '40'], ['10', 360]] })).toBe(false);
  });
});
