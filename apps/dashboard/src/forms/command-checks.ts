/**
 * What a command form checks before it sends anything: one plain-Chinese message per field, the first rule
 * that fails (the API checks again and has the last word; its messages show when these pass). A field's
 * message shows once the person has left the field or tried to submit, never while the form is fresh.
 */
import type { CommandKind } from '../api/endpoints';
import { FORM_FIELD_ZH as L } from '../labels';

export interface CommandFields {
  readonly percent: string | number;
  readonly narrative: string;
  readonly forecastDate: string;
  readonly reason: string;
  readonly completedOn: string;
  readonly newDueDate: string;
  readonly metric: string;
  readonly newTarget: string | number;
  readonly evidence: readonly unknown[];
}

export type FieldName = keyof CommandFields;
export type FieldMessages = Partial<Record<FieldName, string>>;

const blank = (v: string | number): boolean => String(v).trim() === '';

function percentMessage(raw: string | number): string | undefined {
  if (blank(raw)) return `请填写${L.percent}（0–100 的整数）`;
  const n = Number(raw);
  if (!Number.isFinite(n)) return `${L.percent}应是一个数字（0–100 的整数）`;
  if (!Number.isInteger(n)) return `${L.percent}请填整数，不带小数`;
  if (n < 0 || n > 100) return `${L.percent}应在 0 到 100 之间`;
  return undefined;
}

function targetMessage(raw: string | number, current: number | undefined): string | undefined {
  if (blank(raw)) return `请填写${L.newTarget}`;
  const n = Number(raw);
  if (!Number.isFinite(n)) return `${L.newTarget}应是一个数字`;
  if (n === current) return `${L.newTarget}与现行目标相同，请填写不同的数值`;
  return undefined;
}

/** The form's context: the percent reported last, the chosen indicator's current target, today's due date. */
export interface CheckContext {
  readonly currentPercent?: number | null;
  readonly currentTarget?: number;
  readonly dueDate?: string;
}

export function checkCommand(kind: CommandKind, f: CommandFields, ctx: CheckContext = {}): FieldMessages {
  const out: FieldMessages = {};
  const current = ctx.currentPercent ?? null;
  switch (kind) {
    case 'progress': {
      const p = percentMessage(f.percent);
      if (p) out.percent = p;
      if (blank(f.narrative)) out.narrative = `请填写${L.narrative}`;
      if (!p && current !== null && Number(f.percent) < current && blank(f.reason)) {
        out.reason = `进度低于上次的 ${current}%，请说明下调原因`;
      }
      break;
    }
    case 'delays':
      if (blank(f.reason)) out.reason = `请填写${L.delayReason}`;
      if (blank(f.forecastDate)) out.forecastDate = `请选择${L.forecastDate}`;
      break;
    case 'completion':
      if (blank(f.completedOn)) out.completedOn = `请选择${L.completedOn}`;
      if (blank(f.narrative)) out.narrative = `请填写${L.completionNarrative}`;
      if (f.evidence.length === 0) out.evidence = `请至少添加一份${L.evidence}`;
      break;
    case 'return':
      if (blank(f.reason)) out.reason = `请填写${L.returnReason}`;
      break;
    case 'rebaseline':
      if (blank(f.newDueDate)) out.newDueDate = `请选择${L.newDueDate}`;
      else if (f.newDueDate === ctx.dueDate) out.newDueDate = `${L.newDueDate}与现行时限相同，请选择其他日期`;
      if (blank(f.reason)) out.reason = `请填写${L.adjustReason}`;
      break;
    case 'indicator-target': {
      if (blank(f.metric)) out.metric = `请选择${L.metric}`;
      const t = targetMessage(f.newTarget, ctx.currentTarget);
      if (t) out.newTarget = t;
      if (blank(f.reason)) out.reason = `请填写${L.adjustReason}`;
      break;
    }
    case 'cancellation':
      if (blank(f.reason)) out.reason = `请填写${L.cancelReason}`;
      break;
    case 'acceptance':
      break;
  }
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
