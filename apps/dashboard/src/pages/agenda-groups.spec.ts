import { describe, expect, it } from '@jest/globals';
import type { AgendaItem } from '../api/agenda';
import type { BoardRow } from '../api/readModels';
import { agendaGroups, type OpenCard } from './agenda-groups';

const item = (id: string, categoryZh: string, percent: number): AgendaItem => ({
  category: categoryZh,
  categoryZh,
  role: 'lead',
  reportDueBy: null,
  row: { id, percent } as BoardRow,
  own: null,
});
const shown = (groups: [string, AgendaItem[]][]) =>
  groups.map(([label, items]) => [label, items.map((i) => `${i.row.id}:${i.row.percent}`)]);

describe('agendaGroups', () => {
  const before = [item('a', '已逾期', 10), item('b', '已逾期', 20), item('c', '即将到期', 30)];
  const open: OpenCard = { id: 'b', kind: 'progress', label: '已逾期', index: 1, item: before[1]! };

  it('lists by category, as loaded', () => {
    expect(shown(agendaGroups(before, null))).toEqual([
      ['已逾期', ['a:10', 'b:20']],
      ['即将到期', ['c:30']],
    ]);
  });

  it('keeps the card with the open form in its place when a reload moved it, with its new state, listed once', () => {
    const moved = [item('a', '已逾期', 10), item('c', '即将到期', 30), item('b', '即将到期', 25)];
    expect(shown(agendaGroups(moved, open))).toEqual([
      ['已逾期', ['a:10', 'b:25']],
      ['即将到期', ['c:30']],
    ]);
  });

  it('drops a list the moved card alone was in (no count of a card shown elsewhere)', () => {
    const moved = [item('a', '已逾期', 10), item('b', '被退回', 25)];
    expect(shown(agendaGroups(moved, open))).toEqual([['已逾期', ['a:10', 'b:25']]]);
  });

  it('keeps it when a reload dropped it (as it was) and its list with it', () => {
    expect(shown(agendaGroups([item('c', '即将到期', 30)], open))).toEqual([
      ['即将到期', ['c:30']],
      ['已逾期', ['b:20']],
    ]);
  });
});
