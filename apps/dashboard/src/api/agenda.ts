/** GET /api/v1/units/{id}/agenda (待办), read into items with the unit's own assignment. */
import { ApiError, getJson } from './client';
import type { components } from './openapi';
import { milestones, toBoardRow, type AssignmentRow, type BoardRow, type BoardView } from './readModels';

type Schemas = components['schemas'];

export interface AgendaItem {
  readonly category: string;
  readonly categoryZh: string;
  readonly role: Schemas['UnitRole'];
  readonly reportDueBy: string | null;
  readonly row: BoardRow;
  /** The unit's own assignment (承办事项) on a milestone led separately by several units; null otherwise. */
  readonly own: AssignmentRow | null;
}

export const AGENDA_ZH: Record<string, string> = {
  overdue: '已逾期',
  dueSoon: '即将到期',
  awaitingReport: '需报送进展',
  returned: '被退回，需重新提交',
  awaitingAcceptance: '待核验销号',
};
/** The answer's lists (its `totals`' keys), in the order the page shows them. */
const AGENDA_ORDER = [
  'overdue',
  'dueSoon',
  'awaitingReport',
  'returned',
  'awaitingAcceptance',
] as const satisfies readonly (keyof Schemas['AgendaTotalsDto'])[];
type Category = (typeof AGENDA_ORDER)[number];

/** GET /api/v1/units/{id}/agenda: what needs the unit now, by category. */
export async function agenda(unitId: string): Promise<AgendaItem[]> {
  type Item = Omit<Schemas['AgendaItemDto'], 'milestone'> & { milestone: BoardView };
  const r = await getJson<Omit<Schemas['UnitAgendaDto'], Category> & Record<Category, Item[]>>(
    `/api/v1/units/${encodeURIComponent(unitId)}/agenda`,
    { asOf: true },
  );
  return AGENDA_ORDER.flatMap((category) =>
    r[category].map((i) => {
      const row = toBoardRow(i.milestone);
      return {
        category,
        categoryZh: AGENDA_ZH[category] ?? category,
        role: i.role,
        reportDueBy: i.reportDueBy,
        row,
        own: row.assignments.find((a) => a.key === i.assignment) ?? null,
      };
    }),
  );
}

/** The unit's agenda; without the agenda endpoint, the same lists from the milestone board. */
export async function unitAgenda(unit: string): Promise<AgendaItem[]> {
  try {
    return await agenda(unit);
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 404 || e.code === 'UNIT_NOT_FOUND') throw e;
    const lists: [string, Record<string, string>][] = [
      ['overdue', { schedule: 'overdue' }],
      ['dueSoon', { schedule: 'due_soon' }],
      ['returned', { lifecycle: 'returned' }],
      ['awaitingReport', { health: 'grey', lifecycle: 'planned,in_progress' }],
      ['awaitingAcceptance', { lifecycle: 'submitted' }],
    ];
    const out: AgendaItem[] = [];
    for (const [category, q] of lists) {
      const page = await milestones({ unit: unit, ...q, pageSize: 200 });
      for (const row of page.items) {
        const role = row.leadUnits.includes(unit) ? 'lead' : 'cooperating';
        const own = row.assignments.find((a) => a.leadUnits.includes(unit)) ?? null;
        out.push({
          category,
          categoryZh: AGENDA_ZH[category] ?? category,
          role,
          reportDueBy: null,
          row,
          own,
        });
      }
    }
    return out;
  }
}
