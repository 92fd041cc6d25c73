/**
 * What each command form has and sends, in one table: the draft's fields by command kind (the names are the
 * API's), whether a field may be left out, and whether indicator values and evidence go with it. The body
 * (`command-body.ts`) and the field blocks (`components/command-form/*`) both read it.
 */
import type { CommandKind } from './command-kinds';

/** The draft's single-value fields a command can send. */
export type SentFieldName =
  | 'percent'
  | 'narrative'
  | 'forecastDate'
  | 'reason'
  | 'completedOn'
  | 'newDueDate'
  | 'metric'
  | 'newTarget'
  | 'note';

export interface SentField {
  readonly name: SentFieldName;
  /** Sent as a number (null when blank). */
  readonly number?: true;
  /** Left out of the body when blank. */
  readonly optional?: true;
}

export interface CommandShape {
  readonly fields: readonly SentField[];
  /** Indicator values (指标完成值) filled in go with it. */
  readonly actuals?: true;
  /** 佐证材料: at least one (`required`), or any number (`optional`). */
  readonly evidence?: 'required' | 'optional';
}

export const COMMAND_SHAPES: { readonly [K in CommandKind]: CommandShape } = {
  progress: {
    fields: [
      { name: 'percent', number: true },
      { name: 'narrative' },
      { name: 'forecastDate', optional: true },
      { name: 'reason', optional: true },
    ],
    actuals: true,
    evidence: 'optional',
  },
  delays: { fields: [{ name: 'reason' }, { name: 'forecastDate' }] },
  completion: {
    fields: [{ name: 'completedOn' }, { name: 'narrative' }],
    actuals: true,
    evidence: 'required',
  },
  acceptance: { fields: [{ name: 'note', optional: true }] },
  return: { fields: [{ name: 'reason' }] },
  rebaseline: { fields: [{ name: 'newDueDate' }, { name: 'reason' }] },
  'indicator-target': {
    fields: [{ name: 'metric' }, { name: 'newTarget', number: true }, { name: 'reason' }],
  },
  cancellation: { fields: [{ name: 'reason' }] },
};

/** The field as the command has it (undefined when the command has no such field). */
export function sentField(kind: CommandKind, name: SentFieldName): SentField | undefined {
  return COMMAND_SHAPES[kind].fields.find((f) => f.name === name);
}
