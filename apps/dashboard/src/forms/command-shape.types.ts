/** What the command-form tables (`command-shapes.ts`) are made of: a field that can be sent, and a form. */

/** A field a form can send, wherever a form shows it: what it is called and how it is filled in and sent. */
export interface FieldSpec {
  /** Its label; none for a field each form names itself (`reason`: 延期原因, 退回原因, …). */
  readonly zh?: string;
  /** The control: a text area, a date, a number or a choice among the indicators' targets. */
  readonly input: 'textarea' | 'date' | 'number' | 'select';
  /** Sent as a number (null when blank). */
  readonly number?: true;
  /** Written after the label (`（%）`). */
  readonly suffix?: string;
  /** Other attributes of the control (`rows`, `step`, `inputmode`). */
  readonly attrs?: Readonly<Record<string, string>>;
}

/**
 * A field as a form lists it, one of the fields of the table `T`: a field without a label of its own must be
 * named by the form (`zh`), and any field may be (完成情况 for a completion's narrative).
 */
export type SentFieldOf<T extends Readonly<Record<string, FieldSpec>>> = {
  [N in keyof T & string]: {
    readonly name: N;
    /** Left out of the body when blank (and not checked). */
    readonly optional?: true;
    /** Written after the label instead of `（可选）`. */
    readonly note?: string;
  } & (T[N] extends { readonly zh: string } ? { readonly zh?: string } : { readonly zh: string });
}[keyof T & string];

/** A command's form: its fields `F` in the order it shows them, what goes with them, its words. */
export interface CommandShape<F> {
  readonly fields: readonly F[];
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
