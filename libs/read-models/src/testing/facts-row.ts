import { FACT_SPECS, factsValues, type FactsRow } from '../milestone-board/fact-columns';
import type { BoardAssignmentState } from '../milestone-board/facts-state';
import type { IsoDate } from '@app/platform';

/**
 * The fact columns PostgreSQL gives back for a state written with `factsValues`: bigints as strings, the joined lead
 * units split again (the column's `expr`).
 */
export function factsRowOf(s: BoardAssignmentState, redFlagIn: IsoDate | null): FactsRow {
  const values = factsValues(s, redFlagIn);
  const row: Record<string, unknown> = {};
  FACT_SPECS.forEach((spec, i) => {
    const v = values[i] ?? null;
    row[spec.name] =
      v === null
        ? null
        : spec.type === 'bigint'
          ? String(v)
          : spec.expr === 'string_to_array(x.plan_lead_units, chr(31))'
            ? String(v).split('\u001f')
            : v;
  });
  return row as FactsRow;
}
