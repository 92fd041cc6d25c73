/**
 * The single-value fields a command form can send, by field (the names are the API's): how each is filled in
 * and sent. Which command has which field, and what it calls it: `command-shapes.ts`; the checks: `command-checks.ts`.
 */
export interface FieldSpec {
  /** The control: a text area, a date, a number or a choice among the indicators' targets. */
  readonly input: 'textarea' | 'date' | 'number' | 'select';
  /** Sent as a number (null when blank). */
  readonly number?: true;
  /** Written after the label (`（%）`). */
  readonly suffix?: string;
  /** Other attributes of the control (`rows`, `step`, `inputmode`). */
  readonly attrs?: Readonly<Record<string, string>>;
}

const SENT_FIELDS = {
  percent: { input: 'number', number: true, suffix: '（%）', attrs: { inputmode: 'numeric', step: '1' } },
  completedOn: { input: 'date' },
  narrative: { input: 'textarea', attrs: { rows: '3' } },
  reason: { input: 'textarea', attrs: { rows: '2' } },
  forecastDate: { input: 'date' },
  note: { input: 'textarea', attrs: { rows: '2' } },
  newDueDate: { input: 'date' },
  metric: { input: 'select' },
  newTarget: { input: 'number', number: true, attrs: { step: 'any' } },
} satisfies Readonly<Record<string, FieldSpec>>;

/** The draft's single-value fields a command can send. */
export type SentFieldName = keyof typeof SENT_FIELDS;

export const SENT_FIELD_NAMES = Object.keys(SENT_FIELDS) as SentFieldName[];

export function fieldSpec(name: SentFieldName): FieldSpec {
  return SENT_FIELDS[name];
}
