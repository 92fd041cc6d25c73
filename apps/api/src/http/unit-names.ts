import { MilestoneError, type UnitNameLookup } from '@app/milestones';
import { PlanCatalogQueries } from '@app/plans';

/** Unit id → name from the plan catalogue; a failed lookup names none (what names them must still answer). */
export function unitNamesFrom(catalog: PlanCatalogQueries): UnitNameLookup {
  return (ids) => catalog.unitNames(ids).catch(() => new Map<string, string>());
}

/**
 * The domain knows units by id; a person knows them by name. A milestone error whose message lists units (the
 * assignments to choose from: ASSIGNMENT_REQUIRED, ASSIGNMENT_UNKNOWN…) leaves with their names from the plan
 * catalogue, looked up by id (the ids stay in the problem's `known` / `own` / `assignment`). Undefined for any
 * other error: it leaves as it is, without waiting. For every route, in one place: the problem filter asks it.
 */
export function withUnitNames(lookup: UnitNameLookup, e: unknown): Promise<unknown> | undefined {
  const ids = e instanceof MilestoneError ? e.unitIds : [];
  if (ids.length === 0) return undefined;
  // Only those units, of whichever plan; a failed lookup leaves the ids (the error itself must get out).
  return lookup(ids).then(
    (names) => (e as MilestoneError).withUnitNames(names),
    () => e,
  );
}
