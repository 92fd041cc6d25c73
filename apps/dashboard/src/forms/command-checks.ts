/**
 * What a command form checks before it sends anything: one plain-Chinese message per field, the first rule
 * that fails (the API checks again and has the last word; its messages show when these pass). A field's
 * message shows once the person has left the field or tried to submit, never while the form is fresh.
 */
import type { CommandKind } from '../api/endpoints';
import { FORM_FIELD_ZH } from '../labels';
import type { CommandDraft } from './command-body';
import { fieldNameZh, fieldSpec } from './command-fields';
import { COMMAND_SHAPES, SENT_FIELDS, type SentField, type SentFieldName } from './command-shapes';

/** What the checks read of the draft: the fields a command can send and the evidence. */
export type CommandFields = Readonly<Pick<CommandDraft, SentFieldName | 'evidence'>>;

export type FieldName = keyof CommandFields;
export type FieldMessages = Partial<Record<FieldName, string>>;

const blank = (v: string | number): boolean => String(v).trim() === '';

function percentMessage(raw: string | number): string | undefined {
  const name = SENT_FIELDS.percent.zh;
  if (blank(raw)) return `请填写${name}（0–100 的整数）`;
  const n = Number(raw);
  if (!Number.isFinite(n)) return `${name}应是一个数字（0–100 的整数）`;
  if (!Number.isInteger(n)) return `${name}请填整数，不带小数`;
  if (n < 0 || n > 100) return `${name}应在 0 到 100 之间`;
  return undefined;
}

/** The form's context: the percent reported last, the chosen indicator's current target, today's due date. */
export interface CheckContext {
  readonly currentPercent?: number | null;
  readonly currentTarget?: number;
  readonly dueDate?: string;
}

/** A field left blank that the command needs: 请选择 for a date or a choice, 请填写 for the rest. */
function missing(field: SentField): string {
  const input = fieldSpec(field.name).input;
  return `${input === 'date' || input === 'select' ? '请选择' : '请填写'}${fieldNameZh(field)}`;
}

/** A field's own rule beyond "not blank unless optional" (which applies to every field without one). */
type FieldCheck = (field: SentField, f: CommandFields, ctx: CheckContext) => string | undefined;

const FIELD_CHECKS: Partial<Record<SentFieldName, FieldCheck>> = {
  percent: (_field, f) => percentMessage(f.percent),
  // An optional reason is needed when the percent sent is lower than the one reported last.
  reason: (field, f, ctx) => {
    if (!field.optional) return blank(f.reason) ? missing(field) : undefined;
    const current = ctx.currentPercent ?? null;
    const lower = !percentMessage(f.percent) && current !== null && Number(f.percent) < current;
    return lower && blank(f.reason) ? `进度低于上次的 ${current}%，请说明下调原因` : undefined;
  },
  newDueDate: (field, f, ctx) => {
    if (blank(f.newDueDate)) return missing(field);
    return f.newDueDate === ctx.dueDate ? `${fieldNameZh(field)}与现行时限相同，请选择其他日期` : undefined;
  },
  newTarget: (field, f, ctx) => {
    if (blank(f.newTarget)) return missing(field);
    const n = Number(f.newTarget);
    if (!Number.isFinite(n)) return `${fieldNameZh(field)}应是一个数字`;
    if (n === ctx.currentTarget) return `${fieldNameZh(field)}与现行目标相同，请填写不同的数值`;
    return undefined;
  },
};

/** One message per field the command has (`command-shapes.ts`), the first of its rules that fails. */
export function checkCommand(kind: CommandKind, f: CommandFields, ctx: CheckContext = {}): FieldMessages {
  const out: FieldMessages = {};
  const shape = COMMAND_SHAPES[kind];
  for (const field of shape.fields) {
    const check = FIELD_CHECKS[field.name];
    const message = check
      ? check(field, f, ctx)
      : !field.optional && blank(f[field.name])
        ? missing(field)
        : undefined;
    if (message) out[field.name] = message;
  }
  if (shape.evidence === 'required' && f.evidence.length === 0)
    out.evidence = `请至少添加一份${FORM_FIELD_ZH.evidence}`;
  return out;
}

/** The messages to show: a field's own once it was left (touched) or the form was submitted; one per field. */
export function visibleMessages(
  all: FieldMessages,
  touched: ReadonlySet<string>,
  submitted: boolean,
): FieldMessages {
  if (submitted) return all;
  return Object.fromEntries(Object.entries(all).filter(([field]) => touched.has(field)));
}

/**
 * The API's answers about assignments (承办事项), in plain Chinese for the form (the API's own text names the
 * units by their ids); undefined for any other problem.
 */
export function assignmentProblem(code: string): string | undefined {
  switch (code) {
    case 'ASSIGNMENT_REQUIRED':
      return '该里程碑由多个单位分别牵头，请先选择要办理的承办单位。';
    case 'ASSIGNMENT_UNKNOWN':
      return '所选单位不是该里程碑的承办单位，请重新选择。';
    case 'FORBIDDEN_OTHER_ASSIGNMENT':
      return '这是其他单位的承办事项。本单位只能办理本单位牵头的那一部分。';
    default:
      return undefined;
  }
}

/**
 * Whether a refusal means the milestone changed since the page loaded it (a 409 of its lifecycle or stream version;
 * milestone commands answer no 412): its state and choices are worth loading again. A duplicate request
 * (IDEMPOTENCY_*) changed nothing.
 */
export function milestoneChanged(e: { readonly status: number; readonly code: string }): boolean {
  return e.status === 409 && !e.code.startsWith('IDEMPOTENCY_');
}
