import type { AgendaItem } from '../api/agenda';
import type { CommandKind } from '../api/endpoints';
import type { AssignmentRow, BoardRow } from '../api/readModels';

/** The card whose form is open on the agenda: where it was listed (`label`, `index`) and as it was then. */
export interface OpenCard {
  readonly id: string;
  readonly kind: CommandKind;
  readonly assignment?: string;
  readonly label: string;
  readonly index: number;
  readonly item: AgendaItem;
}

/** The same card: one milestone, one share (or none). */
export const sameCard =
  (o: { readonly id: string; readonly assignment?: string | undefined }) =>
  (i: AgendaItem): boolean =>
    i.row.id === o.id && i.own?.key === o.assignment;

/**
 * The lists by category. When the lists are loaded again with a form open (after a refusal as the milestone
 * changed), the card keeps its place, with its state as now loaded, even if it moved to another list or left
 * them all (and it is not listed a second time where it moved): the form and what was typed in it stay where the
 * person was.
 */
export function agendaGroups(items: readonly AgendaItem[], open: OpenCard | null): [string, AgendaItem[]][] {
  const map = new Map<string, AgendaItem[]>();
  for (const item of items) map.set(item.categoryZh, [...(map.get(item.categoryZh) ?? []), item]);
  if (!open) return [...map.entries()];
  // Shown once: where the form is open, not also in the list it moved to.
  for (const [label, list] of map)
    if (label !== open.label) {
      const rest = list.filter((i) => !sameCard(open)(i));
      if (rest.length === 0) map.delete(label);
      else map.set(label, rest);
    }
  const list = map.get(open.label) ?? [];
  if (!list.some(sameCard(open))) {
    const now = items.find(sameCard(open));
    list.splice(
      Math.min(open.index, list.length),
      0,
      now ? { ...open.item, row: now.row, own: now.own } : open.item,
    );
    map.set(open.label, list);
  }
  return [...map.entries()];
}

/**
 * What awaits the office's 销号 or 退回: a milestone's claim, or on a milestone led separately each share's claim
 * (the milestone itself stays 推进中 while another share is open).
 */
export function awaitingVerification(row: BoardRow): AgendaItem[] {
  const item = (own: AssignmentRow | null): AgendaItem => ({
    category: 'awaitingAcceptance',
    categoryZh: '待核验销号',
    role: 'lead',
    reportDueBy: null,
    row,
    own,
  });
  if (row.assignments.length === 0) return row.lifecycle === 'submitted' ? [item(null)] : [];
  return row.assignments.filter((a) => a.lifecycle === 'submitted').map(item);
}
