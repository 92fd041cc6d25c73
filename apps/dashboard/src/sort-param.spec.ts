import { describe, expect, it } from '@jest/globals';
import { nextSort, readSort, writeSort } from './sort-param';

describe('the sort kept in the URL', () => {
  it('reads and writes key (ascending) and -key (descending)', () => {
    expect(readSort('dueDate')).toEqual({ key: 'dueDate', dir: 'asc' });
    expect(readSort('-meanDaysLate')).toEqual({ key: 'meanDaysLate', dir: 'desc' });
    expect(writeSort({ key: 'meanDaysLate', dir: 'desc' })).toBe('-meanDaysLate');
    expect(writeSort({ key: 'dueDate', dir: 'asc' })).toBe('dueDate');
    expect(writeSort(null)).toBeUndefined();
  });

  it('names no sort for nothing, a lone minus or a key the table has not', () => {
    expect(readSort(undefined)).toBeNull();
    expect(readSort('')).toBeNull();
    expect(readSort('-')).toBeNull();
    expect(readSort('-bogus', ['red', 'total'])).toBeNull();
    expect(readSort('-red', ['red', 'total'])).toEqual({ key: 'red', dir: 'desc' });
  });

  it('cycles a column: its first direction, the other, then the default order', () => {
    const first = nextSort(null, 'task', 'asc');
    expect(first).toEqual({ key: 'task', dir: 'asc' });
    const second = nextSort(first, 'task', 'asc');
    expect(second).toEqual({ key: 'task', dir: 'desc' });
    expect(nextSort(second, 'task', 'asc')).toBeNull();
    // a table sorted by default (红 ▼) turns that column the other way first
    expect(nextSort({ key: 'red', dir: 'desc' }, 'red', 'desc')).toEqual({ key: 'red', dir: 'asc' });
    expect(nextSort({ key: 'red', dir: 'desc' }, 'meanDaysLate', 'desc')).toEqual({
      key: 'meanDaysLate',
      dir: 'desc',
    });
  });
});
