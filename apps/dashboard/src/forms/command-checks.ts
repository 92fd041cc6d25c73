/**
 * What a command form checks before it sends anything: one plain-Chinese message per field, the first rule
 * that fails (the API checks again and has the last word; its messages show when these pass).
 */
import type { CommandKind } from '../api/endpoints';

export interface CommandFields {
  readonly percent: string | number;
  readonly narrative: string;
  readonly forecastDate: string;
  readonly reason: string;
  readonly completedOn: string;
  readonly newDueDate: string;
  readonly evidence: readonly unknown[];
}

export type FieldMessages = Partial<Record<keyof CommandFields, string>>;

const blank = (v: string | number): boolean => String(v).trim() === '';

function percentMessage(raw: string | number): string | undefined {
  if (blank(raw)) return '请填写完成进度（0 到 100 之间的整数）';
  const n = Number(raw);
  if (!Number.isFinite(n)) return '完成进度应是一个数字';
  if (!Number.isInteger(n)) return '完成进度请填整数，不带小数';
  if (n < 0 || n > 100) return '完成进度应在 0 到 100 之间';
  return undefined;
}

export function checkCommand(
  kind: CommandKind,
  f: CommandFields,
  currentPercent: number | null = null,
): FieldMessages {
  const out: FieldMessages = {};
  switch (kind) {
    case 'progress': {
      const p = percentMessage(f.percent);
      if (p) out.percent = p;
      if (blank(f.narrative)) out.narrative = '请填写本期进展';
      if (!p && currentPercent !== null && Number(f.percent) < currentPercent && blank(f.reason)) {
        out.reason = `进度低于上次的 ${currentPercent}%，请说明下调原因`;
      }
      break;
    }
    case 'delays':
      if (blank(f.reason)) out.reason = '请填写延期原因';
      if (blank(f.forecastDate)) out.forecastDate = '请选择预计完成日期';
      break;
    case 'completion':
      if (blank(f.completedOn)) out.completedOn = '请选择完成日期';
      if (blank(f.narrative)) out.narrative = '请填写完成情况';
      if (f.evidence.length === 0) out.evidence = '请至少添加一份佐证材料';
      break;
    case 'return':
      if (blank(f.reason)) out.reason = '请填写退回原因';
      break;
    case 'rebaseline':
      if (blank(f.newDueDate)) out.newDueDate = '请选择新的完成时限';
      if (blank(f.reason)) out.reason = '请填写调整原因';
      break;
    case 'acceptance':
      break;
  }
  return out;
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
