/**
 * What each command form has and sends, in one table: the draft's fields by command kind in the order the form
 * shows them (the names are the API's; how each is filled in: `command-fields.ts`), what the command calls a field,
 * whether it may be left out, whether indicator values and evidence go with it, and the form's words. The body
 * (`command-body.ts`), the checks (`command-checks.ts`) and the form (`components/CommandForm.vue`) read it.
 */
import { FORM_FIELD_ZH } from '../labels';
import { fieldSpec, type SentFieldName } from './command-fields';
import type { CommandKind } from './command-kinds';

export interface SentField {
  readonly name: SentFieldName;
  /** Left out of the body when blank (and not checked). */
  readonly optional?: true;
  /** What this command calls the field (a key of FORM_FIELD_ZH); default: the field's own name (`reason` has none). */
  readonly label?: keyof typeof FORM_FIELD_ZH;
  /** Written after the label instead of `（可选）`. */
  readonly note?: string;
}

export interface CommandShape {
  readonly fields: readonly SentField[];
  /** Indicator values (指标完成值) filled in go with it. */
  readonly actuals?: true;
  /** 佐证材料: at least one (`required`), or any number (`optional`). */
  readonly evidence?: 'required' | 'optional';
  /** The submit button. */
  readonly submitZh: string;
  /** The form's title, when it says more than the command's name. */
  readonly titleZh?: string;
  /** Asked once more before it is sent: the question and the button that sends it. */
  readonly confirmZh?: { readonly question: string; readonly button: string };
}

export const COMMAND_SHAPES: { readonly [K in CommandKind]: CommandShape } = {
  progress: {
    fields: [
      { name: 'percent' },
      { name: 'narrative' },
      { name: 'reason', optional: true, label: 'decreaseReason', note: '（进度低于上次时必填）' },
      { name: 'forecastDate', optional: true },
    ],
    actuals: true,
    evidence: 'optional',
    submitZh: '提交进展',
  },
  delays: {
    fields: [{ name: 'reason', label: 'delayReason' }, { name: 'forecastDate' }],
    submitZh: '提交延期报告',
  },
  completion: {
    fields: [{ name: 'completedOn' }, { name: 'narrative', label: 'completionNarrative' }],
    actuals: true,
    evidence: 'required',
    submitZh: '提交完成',
    titleZh: '提交完成（申请销号）',
  },
  acceptance: { fields: [{ name: 'note', optional: true }], submitZh: '同意销号' },
  return: { fields: [{ name: 'reason', label: 'returnReason' }], submitZh: '退回' },
  rebaseline: {
    fields: [{ name: 'newDueDate' }, { name: 'reason', label: 'adjustReason' }],
    submitZh: '调整完成时限',
  },
  'indicator-target': {
    fields: [{ name: 'metric' }, { name: 'newTarget' }, { name: 'reason', label: 'adjustReason' }],
    submitZh: '调整目标',
  },
  cancellation: {
    fields: [{ name: 'reason', label: 'cancelReason' }],
    submitZh: '取消该里程碑',
    confirmZh: { question: '确定取消该里程碑吗？取消后不再督办，也不能再填报或销号。', button: '确定取消' },
  },
};

/** What the command calls the field (its messages use it), e.g. 延期原因 for a delay's reason. */
export function fieldNameZh(field: SentField): string {
  const key = field.label ?? field.name;
  return (FORM_FIELD_ZH as Readonly<Record<string, string>>)[key] ?? '';
}

/** The field's label on the form: its name, then `（可选）` (or the command's note) and the field's suffix. */
export function fieldLabelZh(field: SentField): string {
  const note = field.note ?? (field.optional ? '（可选）' : '');
  return `${fieldNameZh(field)}${note}${fieldSpec(field.name).suffix ?? ''}`;
}
