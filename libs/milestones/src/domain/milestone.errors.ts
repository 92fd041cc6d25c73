import { AppError, timeInZone } from '@app/platform';
import { MILESTONE_ERROR_CATALOG } from './milestone.error-catalog';
import { fieldLabelZh } from './milestone.field-labels';

export { MILESTONE_ERROR_CATALOG } from './milestone.error-catalog';
export { fieldLabelZh } from './milestone.field-labels';

/** Every error the milestone domain raises on purpose. Codes are stable: clients and the HTTP layer key on them. */
export enum MilestoneErrorCode {
  // Existence and lifecycle
  MILESTONE_NOT_FOUND = 'MILESTONE_NOT_FOUND',
  MILESTONE_CANCELLED = 'MILESTONE_CANCELLED',
  MILESTONE_WITHDRAWN = 'MILESTONE_WITHDRAWN',
  MILESTONE_ALREADY_ACCEPTED = 'MILESTONE_ALREADY_ACCEPTED',
  MILESTONE_AWAITING_VERIFICATION = 'MILESTONE_AWAITING_VERIFICATION',
  COMPLETION_ALREADY_SUBMITTED = 'COMPLETION_ALREADY_SUBMITTED',
  COMPLETION_NOT_SUBMITTED = 'COMPLETION_NOT_SUBMITTED',
  // When it happened
  OCCURRED_AT_INVALID = 'OCCURRED_AT_INVALID',
  OCCURRED_AT_IN_FUTURE = 'OCCURRED_AT_IN_FUTURE',
  OCCURRED_AT_BEFORE_PLAN_PERIOD = 'OCCURRED_AT_BEFORE_PLAN_PERIOD',
  OCCURRED_AT_BEFORE_SUBMISSION = 'OCCURRED_AT_BEFORE_SUBMISSION',
  // Progress and dates
  PERCENT_INVALID = 'PERCENT_INVALID',
  PERCENT_DECREASE_REASON_REQUIRED = 'PERCENT_DECREASE_REASON_REQUIRED',
  DATE_INVALID = 'DATE_INVALID',
  DATE_BEFORE_PLAN_PERIOD = 'DATE_BEFORE_PLAN_PERIOD',
  DATE_AFTER_PLAN_HORIZON = 'DATE_AFTER_PLAN_HORIZON',
  COMPLETED_ON_AFTER_OCCURRED_AT = 'COMPLETED_ON_AFTER_OCCURRED_AT',
  FORECAST_DATE_IN_PAST = 'FORECAST_DATE_IN_PAST',
  DUE_DATE_UNCHANGED = 'DUE_DATE_UNCHANGED',
  // Text and shapes
  FIELD_INVALID = 'FIELD_INVALID',
  TEXT_REQUIRED = 'TEXT_REQUIRED',
  TEXT_TOO_LONG = 'TEXT_TOO_LONG',
  TEXT_INVALID_CHARACTERS = 'TEXT_INVALID_CHARACTERS',
  TOO_MANY_ITEMS = 'TOO_MANY_ITEMS',
  EVIDENCE_REQUIRED = 'EVIDENCE_REQUIRED',
  EVIDENCE_HASH_INVALID = 'EVIDENCE_HASH_INVALID',
  // Indicators
  INDICATOR_UNKNOWN = 'INDICATOR_UNKNOWN',
  INDICATOR_DUPLICATE = 'INDICATOR_DUPLICATE',
  INDICATOR_VALUE_INVALID = 'INDICATOR_VALUE_INVALID',
  INDICATOR_TARGET_NEGATIVE = 'INDICATOR_TARGET_NEGATIVE',
  INDICATOR_TARGET_UNCHANGED = 'INDICATOR_TARGET_UNCHANGED',
  // Access
  FORBIDDEN_ROLE = 'FORBIDDEN_ROLE',
  FORBIDDEN_NOT_RESPONSIBLE = 'FORBIDDEN_NOT_RESPONSIBLE',
  FORBIDDEN_NOT_LEAD_UNIT = 'FORBIDDEN_NOT_LEAD_UNIT',
  FORBIDDEN_OTHER_ASSIGNMENT = 'FORBIDDEN_OTHER_ASSIGNMENT',

  ASSIGNMENT_REQUIRED = 'ASSIGNMENT_REQUIRED',
  ASSIGNMENT_UNKNOWN = 'ASSIGNMENT_UNKNOWN',
}

export type MilestoneErrorDetails = Readonly<Record<string, string | number>>;

/** What a command is about: a milestone, or a standing item (常态化事项), which the messages call 事项. */
export type MilestoneErrorSubject = 'milestone' | 'standing';

const SUBJECTS: { readonly [S in MilestoneErrorSubject]: { readonly en: string; readonly zh: string } } = {
  milestone: { en: 'milestone', zh: '里程碑' },
  standing: { en: 'standing item', zh: '事项' },
};

/** Details that hold unit ids (`known`: a `, `-separated list); the messages show them as `<key>Shown`. */
const UNIT_DETAILS = ['known', 'own', 'assignment', 'unit'] as const;
/** Details that hold ISO instants; the messages show them as `<key>Shown`, in the plan's zone (`timeInZone`). */
const TIME_DETAILS = ['occurredAt', 'now', 'submittedAt'] as const;

export interface MilestoneErrorOptions {
  /** The request field, as a JSON path relative to the command's data (`percent`, `evidence[0].sha256`). */
  readonly field?: string;
  /** Facts for the message and for clients (ids and ISO instants: the messages show names and local times). */
  readonly details?: MilestoneErrorDetails;
  /** Default `milestone`. */
  readonly subject?: MilestoneErrorSubject;
  /** Unit id → name, for the messages (the domain knows ids only: the caller that knows names adds them). */
  readonly unitNames?: ReadonlyMap<string, string>;
}

function interpolate(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const v = values[key];
    return v === undefined ? whole : String(v);
  });
}

/** The values a message reads, in one language: the details, the field and subject, units by name, local times. */
function messageValues(options: MilestoneErrorOptions, lang: 'en' | 'zh'): Record<string, string | number> {
  const details = options.details ?? {};
  const values: Record<string, string | number> = { ...details };
  const subject = SUBJECTS[options.subject ?? 'milestone'];
  values['subject'] = subject.en;
  values['subjectZh'] = subject.zh;
  if (options.field !== undefined) {
    values['field'] = options.field;
    values['fieldZh'] = fieldLabelZh(options.field);
  }
  for (const key of UNIT_DETAILS) {
    const ids = details[key];
    if (ids === undefined) continue;
    const names = String(ids)
      .split(', ')
      .map((id) => options.unitNames?.get(id) ?? id);
    values[`${key}Shown`] = names.join(lang === 'zh' ? '、' : ', ');
  }
  for (const key of TIME_DETAILS) {
    const ms = typeof details[key] === 'string' ? Date.parse(details[key]) : NaN;
    if (!Number.isNaN(ms)) values[`${key}Shown`] = timeInZone(new Date(ms));
  }
  return values;
}

/** A coded domain error: kind, English and Chinese message, and the request field when there is one. */
export class MilestoneError extends AppError {
  declare readonly code: MilestoneErrorCode;
  private readonly options: MilestoneErrorOptions;

  constructor(code: MilestoneErrorCode, options: MilestoneErrorOptions = {}) {
    const entry = MILESTONE_ERROR_CATALOG[code];
    const texts = options.subject === 'standing' ? (entry.standing ?? entry) : entry;
    const field = options.field;
    super({
      kind: entry.kind,
      code,
      message: interpolate(texts.en, messageValues(options, 'en')),
      messageZh: interpolate(texts.zh, messageValues(options, 'zh')),
      ...(field !== undefined ? { field } : {}),
      ...(options.details !== undefined ? { details: { ...options.details } } : {}),
    });
    this.name = 'MilestoneError';
    this.options = options;
  }

  /** The same error, its messages about a standing item (常态化事项) rather than a milestone. */
  about(subject: MilestoneErrorSubject): MilestoneError {
    return new MilestoneError(this.code, { ...this.options, subject });
  }

  /** The unit ids its messages name (by id, until `withUnitNames`); none when it names no unit. */
  get unitIds(): string[] {
    const d = this.options.details;
    if (d === undefined || d['metric'] !== undefined) return []; // `known` lists the indicators then
    return UNIT_DETAILS.flatMap((key) => (d[key] === undefined ? [] : String(d[key]).split(', '))).filter(
      Boolean,
    );
  }

  /** The same error with more facts in its details (not read by its messages). */
  withDetails(more: MilestoneErrorDetails): MilestoneError {
    return new MilestoneError(this.code, { ...this.options, details: { ...this.options.details, ...more } });
  }

  /** The same error, its messages naming units by name (its details keep the ids). */
  withUnitNames(unitNames: ReadonlyMap<string, string>): MilestoneError {
    return new MilestoneError(this.code, { ...this.options, unitNames });
  }
}

export function isMilestoneError(e: unknown): e is MilestoneError {
  return e instanceof MilestoneError;
}
