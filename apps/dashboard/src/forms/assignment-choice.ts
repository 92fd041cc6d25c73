/**
 * Which assignment (承办事项) a command on a milestone is for, and which commands a person may start: a reporter
 * whose unit leads a share of a milestone led separately (分别牵头) acts on that share; anyone else chooses one
 * when there are several (the API has the last word: ASSIGNMENT_REQUIRED, FORBIDDEN_OTHER_ASSIGNMENT).
 */
import type { CommandKind } from '../api/endpoints';
import type { Role } from '../api/types';

export interface PlannedAssignment {
  readonly key: string;
  readonly leadUnits: readonly string[];
}

export interface Person {
  readonly role: Role;
  readonly unit: string | null;
}

/** The reporter's own share, when the milestone has several and the reporter's unit leads one; else null. */
export function ownAssignment(assignments: readonly PlannedAssignment[], who: Person): string | null {
  if (assignments.length < 2 || who.role !== 'reporter' || who.unit === null) return null;
  return assignments.find((a) => a.leadUnits.includes(who.unit!))?.key ?? null;
}

const CLOSED = new Set(['accepted', 'cancelled', 'withdrawn']);

/**
 * The commands offered, given the lifecycles they would apply to (the chosen share's, or every share's when none
 * is chosen yet, or the milestone's own when it has one assignment).
 */
export function commandsFor(
  who: Person,
  plan: { readonly leadUnits: readonly string[]; readonly cooperatingUnits: readonly string[] },
  lifecycles: readonly string[],
): CommandKind[] {
  const open = lifecycles.some((l) => !CLOSED.has(l) && l !== 'submitted');
  const submitted = lifecycles.includes('submitted');
  const out: CommandKind[] = [];
  if (who.role === 'reporter' || who.role === 'admin') {
    const unit = who.unit ?? '';
    const leads = who.role === 'admin' || plan.leadUnits.includes(unit);
    const cooperates = plan.cooperatingUnits.includes(unit);
    if (open && (leads || cooperates)) out.push('progress', 'delays');
    if (open && leads && who.role === 'reporter') out.push('completion');
  }
  if (who.role === 'supervisor' || who.role === 'admin') {
    if (submitted) out.push('acceptance', 'return');
    if (lifecycles.some((l) => !CLOSED.has(l))) out.push('rebaseline');
  }
  return out;
}
