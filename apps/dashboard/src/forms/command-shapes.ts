/**
 * What each command form has and sends, in two tables side by side: the fields a form can send (how each is filled
 * in and what it is called; the names are the API's) and, by command kind, the form's fields in the order it shows
 * them, what the command calls a field, whether it may be left out, whether indicator values and evidence go with
 * it, and the form's words. A new field and the form that needs it are written here only. The body
 * (`command-body.ts`), the checks (`command-checks.ts`) and the form (`components/CommandForm.vue`) read it.
 */
import type { CommandKind } from './command-kinds';
import type { CommandShape, FieldSpec, SentFieldOf } from './command-shape.types';

/** The single-value fields a form can send, by field: label, control, how it is sent (`FieldSpec`). */
export const SENT_FIELDS = {
  percent: {
    zh: '完成进度',
    input: 'number',
    number: true,
    suffix: '（%）',
    attrs: { inputmode: 'numeric', step: '1' },
  },
  completedOn: { zh: '完成日期', input: 'date' },
  narrative: { zh: '本期进展', input: 'textarea', attrs: { rows: '3' } },
  // Named by each command that sends it (延期原因, 退回原因, …).
  reason: { input: 'textarea', attrs: { rows: '2' } },
  forecastDate: { zh: '预计完成日期', input: 'date' },
  note: { zh: '核验意见', input: 'textarea', attrs: { rows: '2' } },
  newDueDate: { zh: '新的完成时限', input: 'date' },
  metric: { zh: '指标', input: 'select' },
  newTarget: { zh: '新的目标值', input: 'number', number: true, attrs: { step: 'any' } },
} as const satisfies Readonly<Record<string, FieldSpec>>;

/** The draft's single-value fields a command can send. */
export type SentFieldName = keyof typeof SENT_FIELDS;
/** A field in a form: a field without a name of its own (`reason`) is named by the form (`zh`). */
export type SentField = SentFieldOf<typeof SENT_FIELDS>;

/** The reason of both adjustments (时限, 目标). */
const adjustReason: SentField = { name: 'reason', zh: '调整原因' };

/** Each command's form (`CommandShape`): its fields in order, then what goes with them and its words. */
export const COMMAND_SHAPES: { readonly [K in CommandKind]: CommandShape<SentField> } = {
  progress: {
    fields: [
      { name: 'percent' },
      { name: 'narrative' },
      { name: 'reason', optional: true, zh: '进度下调原因', note: '（进度低于上次时必填）' },
      { name: 'forecastDate', optional: true },
    ],
    actuals: true,
    evidence: 'optional',
    submitZh: '提交进展',
  },
  delays: {
    fields: [{ name: 'reason', zh: '延期原因' }, { name: 'forecastDate' }],
    submitZh: '提交延期报告',
  },
  completion: {
    fields: [{ name: 'completedOn' }, { name: 'narrative', zh: '完成情况' }],
    actuals: true,
    evidence: 'required',
    submitZh: '提交完成',
    titleZh: '提交完成（申请销号）',
  },
  acceptance: { fields: [{ name: 'note', optional: true }], submitZh: '同意销号' },
  return: { fields: [{ name: 'reason', zh: '退回原因' }], submitZh: '退回' },
  rebaseline: { fields: [{ name: 'newDueDate' }, adjustReason], submitZh: '调整完成时限' },
  'indicator-target': {
    fields: [{ name: 'metric' }, { name: 'newTarget' }, adjustReason],
    submitZh: '调整目标',
  },
  cancellation: {
    fields: [{ name: 'reason', zh: '取消原因' }],
    submitZh: '取消该里程碑',
    confirmZh: { question: '确定取消该里程碑吗？取消后不再督办，也不能再填报或销号。', button: '确定取消' },
  },
};
