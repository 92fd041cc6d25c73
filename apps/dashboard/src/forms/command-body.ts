/** The body a command form sends, by its kind (the field names are the API's). */
import type { CommandKind } from '../api/endpoints';
import { fieldSpec, SENT_FIELD_NAMES } from './command-fields';
import { COMMAND_SHAPES, type SentFieldName } from './command-shapes';

/** What a command form holds: every field a command can send (`command-shapes.ts`), the time, values, evidence. */
export type CommandDraft = { [N in SentFieldName]: string | number } & {
  occurredAt: string;
  actuals: Record<string, string | number>;
  evidence: { name: string; sha256: string }[];
};

/** A blank draft; the completion date starts at `completedOn` (today). */
export function emptyDraft(completedOn: string): CommandDraft {
  const blank = Object.fromEntries(SENT_FIELD_NAMES.map((name) => [name, ''])) as Record<
    SentFieldName,
    string
  >;
  return { ...blank, completedOn, occurredAt: '', actuals: {}, evidence: [] };
}

/** The indicator values filled in, in the order of `metrics` (errors come back by index). */
export function filledActuals(
  f: CommandDraft,
  metrics: readonly string[],
): { metric: string; actual: number }[] {
  return metrics
    .filter((m) => f.actuals[m] !== undefined && f.actuals[m] !== '')
    .map((m) => ({ metric: m, actual: Number(f.actuals[m]) }));
}

/** The body of a command: the fields its shape names (`command-shapes.ts`), the assignment and the time. */
export function commandBody(
  kind: CommandKind,
  f: CommandDraft,
  metrics: readonly string[],
  assignment: string | undefined,
): Record<string, unknown> {
  const shape = COMMAND_SHAPES[kind];
  const b: Record<string, unknown> = {};
  for (const { name, optional } of shape.fields) {
    const v = f[name];
    if (optional && v === '') continue;
    b[name] = fieldSpec(name).number ? (v === '' ? null : Number(v)) : v;
  }
  const actuals = filledActuals(f, metrics);
  if (shape.actuals && actuals.length) b['indicatorActuals'] = actuals;
  if (shape.evidence === 'required' || (shape.evidence === 'optional' && f.evidence.length))
    b['evidence'] = f.evidence;
  if (assignment) b['assignment'] = assignment;
  // datetime-local is a plan-calendar wall time (Asia/Shanghai).
  if (f.occurredAt)
    b['occurredAt'] = `${f.occurredAt.length === 16 ? `${f.occurredAt}:00` : f.occurredAt}+08:00`;
  return b;
}
