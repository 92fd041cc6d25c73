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
    case 'acceptance':
      break;
  }
  return out;
}
