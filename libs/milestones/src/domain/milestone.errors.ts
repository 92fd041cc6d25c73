import { AppError, type ErrorKind } from '@app/platform';

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
  INDICATOR_TARGET_UNCHANGED = 'INDICATOR_TARGET_UNCHANGED',
  // Access
  FORBIDDEN_ROLE = 'FORBIDDEN_ROLE',
  FORBIDDEN_NOT_RESPONSIBLE = 'FORBIDDEN_NOT_RESPONSIBLE',
  FORBIDDEN_NOT_LEAD_UNIT = 'FORBIDDEN_NOT_LEAD_UNIT',
  FORBIDDEN_OTHER_ASSIGNMENT = 'FORBIDDEN_OTHER_ASSIGNMENT',

  ASSIGNMENT_REQUIRED = 'ASSIGNMENT_REQUIRED',
  ASSIGNMENT_UNKNOWN = 'ASSIGNMENT_UNKNOWN',
}

interface CatalogEntry {
  readonly kind: ErrorKind;
  /** `{name}` is replaced by `details.name`; `{field}` by the field, `{fieldZh}` by its Chinese label. */
  readonly en: string;
  readonly zh: string;
}

/**
 * Kind and messages of every code. `validation`: the command alone is malformed; `unprocessable`: well-formed
 * but impossible given the milestone or the clock; `conflict`: the milestone's lifecycle does not allow it.
 */
export const MILESTONE_ERROR_CATALOG: { readonly [C in MilestoneErrorCode]: CatalogEntry } = {
  MILESTONE_NOT_FOUND: {
    kind: 'not_found',
    en: 'Milestone not found.',
    zh: '未找到该里程碑。',
  },
  MILESTONE_CANCELLED: {
    kind: 'conflict',
    en: 'This milestone has been cancelled; nothing more can be recorded on it.',
    zh: '该里程碑已取消，不能再办理。',
  },
  MILESTONE_WITHDRAWN: {
    kind: 'conflict',
    en: 'This milestone was withdrawn from the plan; nothing more can be recorded on it.',
    zh: '该里程碑已移出计划，不能再办理。',
  },
  MILESTONE_ALREADY_ACCEPTED: {
    kind: 'conflict',
    en: 'This milestone has already been accepted (closed); nothing more can be recorded on it.',
    zh: '该里程碑已销号，不能再办理。',
  },
  MILESTONE_AWAITING_VERIFICATION: {
    kind: 'conflict',
    en: 'Completion has been submitted and awaits verification; progress and delays can be reported again only if it is returned.',
    zh: '该里程碑已提交完成、正在等待核验；被退回后才能再报告进展或延期。',
  },
  COMPLETION_ALREADY_SUBMITTED: {
    kind: 'conflict',
    en: 'Completion has already been submitted and awaits verification; it cannot be submitted twice.',
    zh: '已提交完成、正在等待核验，不能重复提交。',
  },
  COMPLETION_NOT_SUBMITTED: {
    kind: 'conflict',
    en: 'Only a submitted completion can be accepted or returned; this milestone is {lifecycle}.',
    zh: '只有已提交完成（待核验）的里程碑才能销号或退回，该里程碑目前为“{lifecycleZh}”。',
  },
  OCCURRED_AT_INVALID: {
    kind: 'validation',
    en: '{field} must be an ISO 8601 instant with a time zone, e.g. 2021-06-30T09:00:00+08:00.',
    zh: '{fieldZh}格式不正确，应为带时区的 ISO 8601 时间，例如 2021-06-30T09:00:00+08:00。',
  },
  OCCURRED_AT_IN_FUTURE: {
    kind: 'unprocessable',
    en: '{field} ({occurredAt}) is in the future; at most 5 minutes of clock difference are allowed.',
    zh: '{fieldZh}（{occurredAt}）晚于当前时间（最多允许5分钟误差）。',
  },
  OCCURRED_AT_BEFORE_PLAN_PERIOD: {
    kind: 'unprocessable',
    en: '{field} ({occurredAt}) is before the plan period, which starts on {periodStart}.',
    zh: '{fieldZh}（{occurredAt}）早于计划期开始日期（{periodStart}）。',
  },
  OCCURRED_AT_BEFORE_SUBMISSION: {
    kind: 'unprocessable',
    en: '{field} ({occurredAt}) is before the completion was submitted ({submittedAt}).',
    zh: '{fieldZh}（{occurredAt}）早于提交完成的时间（{submittedAt}）。',
  },
  PERCENT_INVALID: {
    kind: 'validation',
    en: '{field} must be a whole number from 0 to 100.',
    zh: '{fieldZh}须为0到100之间的整数。',
  },
  PERCENT_DECREASE_REASON_REQUIRED: {
    kind: 'unprocessable',
    en: 'Progress goes down from {previousPercent}% to {percent}%: give a reason.',
    zh: '完成进度由{previousPercent}%下降为{percent}%，须说明原因。',
  },
  DATE_INVALID: {
    kind: 'validation',
    en: '{field} must be a valid calendar date (YYYY-MM-DD).',
    zh: '{fieldZh}须为有效日期（YYYY-MM-DD）。',
  },
  DATE_BEFORE_PLAN_PERIOD: {
    kind: 'unprocessable',
    en: '{field} ({value}) is before the plan period, which starts on {periodStart}.',
    zh: '{fieldZh}（{value}）早于计划期开始日期（{periodStart}）。',
  },
  COMPLETED_ON_AFTER_OCCURRED_AT: {
    kind: 'unprocessable',
    en: '{field} ({completedOn}) cannot be after the date the completion is reported ({reportedOn}).',
    zh: '{fieldZh}（{completedOn}）不能晚于提交日期（{reportedOn}）。',
  },
  FORECAST_DATE_IN_PAST: {
    kind: 'unprocessable',
    en: '{field} ({forecastDate}) is before the date of the report ({reportedOn}).',
    zh: '{fieldZh}（{forecastDate}）不能早于报告日期（{reportedOn}）。',
  },
  DUE_DATE_UNCHANGED: {
    kind: 'unprocessable',
    en: '{field} is the current due date ({dueDate}); give a different date.',
    zh: '{fieldZh}与当前完成时限（{dueDate}）相同，请填写不同的日期。',
  },
  FIELD_INVALID: {
    kind: 'validation',
    en: '{field} must be {expected}.',
    zh: '{fieldZh}须为{expectedZh}。',
  },
  TEXT_REQUIRED: {
    kind: 'validation',
    en: '{field} must not be empty.',
    zh: '{fieldZh}不能为空。',
  },
  TEXT_TOO_LONG: {
    kind: 'validation',
    en: '{field} is {length} characters long; at most {max} are allowed.',
    zh: '{fieldZh}共{length}个字符，最多允许{max}个。',
  },
  TEXT_INVALID_CHARACTERS: {
    kind: 'validation',
    en: '{field} contains a character that is not allowed ({char}) at position {position}.',
    zh: '{fieldZh}第{position}个字符（{char}）为不允许的控制字符。',
  },
  TOO_MANY_ITEMS: {
    kind: 'validation',
    en: '{field} has {count} items; at most {max} are allowed.',
    zh: '{fieldZh}共{count}项，最多允许{max}项。',
  },
  EVIDENCE_REQUIRED: {
    kind: 'validation',
    en: 'A completion needs at least one piece of evidence.',
    zh: '提交完成须附至少一份佐证材料。',
  },
  EVIDENCE_HASH_INVALID: {
    kind: 'validation',
    en: '{field} must be a SHA-256 digest: 64 hexadecimal digits.',
    zh: '{fieldZh}须为SHA-256摘要（64位十六进制字符）。',
  },
  INDICATOR_UNKNOWN: {
    kind: 'unprocessable',
    en: 'This milestone has no indicator "{metric}".',
    zh: '该里程碑没有指标“{metric}”。',
  },
  INDICATOR_DUPLICATE: {
    kind: 'validation',
    en: 'Indicator "{metric}" is given more than once.',
    zh: '指标“{metric}”重复填报。',
  },
  INDICATOR_VALUE_INVALID: {
    kind: 'validation',
    en: '{field} must be a finite number from -10^12 to 10^12.',
    zh: '{fieldZh}须为有效数值（绝对值不超过 10^12）。',
  },
  INDICATOR_TARGET_UNCHANGED: {
    kind: 'unprocessable',
    en: 'The new target of "{metric}" equals its current target ({target}).',
    zh: '指标“{metric}”的新目标值与当前目标值（{target}）相同。',
  },
  FORBIDDEN_ROLE: {
    kind: 'forbidden',
    en: 'The role "{role}" may not {action}.',
    zh: '当前角色（{roleZh}）无权{actionZh}。',
  },
  FORBIDDEN_NOT_RESPONSIBLE: {
    kind: 'forbidden',
    en: 'Unit "{unit}" is neither a lead nor a cooperating unit of this milestone, so it may not {action}.',
    zh: '本单位不是该里程碑的牵头单位或配合单位，无权{actionZh}。',
  },
  FORBIDDEN_NOT_LEAD_UNIT: {
    kind: 'forbidden',
    en: 'Only a lead unit may submit completion; unit "{unit}" cooperates on this milestone.',
    zh: '只有牵头单位可以提交完成，本单位为该里程碑的配合单位。',
  },
  FORBIDDEN_OTHER_ASSIGNMENT: {
    kind: 'forbidden',
    en: 'This milestone is led separately (分别牵头): unit "{unit}" answers for its own assignment ({own}), not for "{assignment}", so it may not {action} there.',
    zh: '该里程碑由各单位分别牵头，本单位只负责本单位的承办事项，无权对其他单位的承办事项{actionZh}。',
  },
  ASSIGNMENT_REQUIRED: {
    kind: 'validation',
    en: 'This milestone is led separately by several units: say which assignment ({field}) the command is for, one of: {known}.',
    zh: '该里程碑由多个单位分别牵头，请指明承办单位（{fieldZh}），可选：{known}。',
  },
  ASSIGNMENT_UNKNOWN: {
    kind: 'validation',
    en: 'This milestone has no assignment "{assignment}"; its assignments are: {known}.',
    zh: '该里程碑没有承办事项“{assignment}”，可选：{known}。',
  },
};

/** Chinese labels of request fields, by the last segment of the field path (`evidence[0].sha256` → `sha256`). */
const FIELD_LABELS_ZH: Readonly<Record<string, string>> = {
  occurredAt: '发生时间',
  percent: '完成进度',
  narrative: '情况说明',
  reason: '原因',
  note: '备注',
  forecastDate: '预计完成日期',
  completedOn: '实际完成日期',
  newDueDate: '新的完成时限',
  evidence: '佐证材料',
  name: '名称',
  sha256: '摘要',
  indicatorActuals: '指标实际值',
  metric: '指标名称',
  actual: '实际值',
  newTarget: '新目标值',
  assignment: '承办单位',
  data: '请求内容',
  /** GET /milestones:commands?ids=…: the milestones asked about. */
  ids: '里程碑编号',
  /** PUT …/contacts and …/robots: alert recipients and group robots. */
  contacts: '收件人',
  email: '邮箱',
  robots: '群机器人',
  url: '地址',
  secret: '加签密钥',
  kind: '类型',
};

function labelOf(name: string): string {
  return FIELD_LABELS_ZH[name] ?? name;
}

/** `percent` → 完成进度; `evidence[1]` → 第2项佐证材料; `evidence[1].sha256` → 第2项佐证材料的摘要. */
export function fieldLabelZh(field: string): string {
  const item = /^(\w+)\[(\d+)\](?:\.(\w+))?$/.exec(field);
  if (item === null) return labelOf(field);
  const [, list = '', index = '0', leaf] = item;
  const itemLabel = `第${Number(index) + 1}项${labelOf(list)}`;
  return leaf === undefined ? itemLabel : `${itemLabel}的${labelOf(leaf)}`;
}

export type MilestoneErrorDetails = Readonly<Record<string, string | number>>;

export interface MilestoneErrorOptions {
  /** The request field, as a JSON path relative to the command's data (`percent`, `evidence[0].sha256`). */
  readonly field?: string;
  /** Facts for the message and for clients. */
  readonly details?: MilestoneErrorDetails;
}

function interpolate(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const v = values[key];
    return v === undefined ? whole : String(v);
  });
}

/** A coded domain error: kind, English and Chinese message, and the request field when there is one. */
export class MilestoneError extends AppError {
  declare readonly code: MilestoneErrorCode;

  constructor(code: MilestoneErrorCode, options: MilestoneErrorOptions = {}) {
    const entry = MILESTONE_ERROR_CATALOG[code];
    const field = options.field;
    const values: Record<string, string | number> = { ...options.details };
    if (field !== undefined) {
      values['field'] = field;
      values['fieldZh'] = fieldLabelZh(field);
    }
    super({
      kind: entry.kind,
      code,
      message: interpolate(entry.en, values),
      messageZh: interpolate(entry.zh, values),
      ...(field !== undefined ? { field } : {}),
      ...(options.details !== undefined ? { details: { ...options.details } } : {}),
    });
    this.name = 'MilestoneError';
  }
}

export function isMilestoneError(e: unknown): e is MilestoneError {
  return e instanceof MilestoneError;
}
