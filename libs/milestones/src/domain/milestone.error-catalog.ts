import type { ErrorKind } from '@app/platform';
import type { MilestoneErrorCode } from './milestone.errors';

interface Messages {
  readonly en: string;
  readonly zh: string;
}

interface CatalogEntry extends Messages {
  readonly kind: ErrorKind;
  /** What a report on a standing item (常态化事项) says instead, where the milestone's sentence is not true of it. */
  readonly standing?: Messages;
}

/**
 * `{name}` is replaced by `details.name`; `{field}` by the field, `{fieldZh}` by its Chinese label; `{subject}` /
 * `{subjectZh}` by what the command is about: milestone / 里程碑, or standing item / 事项 (`MilestoneError.about`).
 * Times (`{occurredAtShown}`…) are shown in the plan's zone (`timeInZone`), dates as YYYY-MM-DD.
 */
/**
 * Kind and messages of every code. `validation`: the command alone is malformed; `unprocessable`: well-formed
 * but impossible given the milestone or the clock; `conflict`: the milestone's lifecycle does not allow it (the
 * milestone changed meanwhile, for the client: the refusal names the position it was decided at, `refusedAt`).
 */
export const MILESTONE_ERROR_CATALOG: { readonly [C in MilestoneErrorCode]: CatalogEntry } = {
  MILESTONE_NOT_FOUND: {
    kind: 'not_found',
    en: 'No such {subject}.',
    zh: '未找到该{subjectZh}。',
  },
  MILESTONE_CANCELLED: {
    kind: 'conflict',
    en: 'This {subject} has been cancelled; nothing more can be recorded on it.',
    zh: '该{subjectZh}已取消，不能再办理。',
  },
  MILESTONE_WITHDRAWN: {
    kind: 'conflict',
    en: 'This {subject} was withdrawn from the plan; nothing more can be recorded on it.',
    zh: '该{subjectZh}已移出计划，不能再办理。',
  },
  MILESTONE_ALREADY_ACCEPTED: {
    kind: 'conflict',
    en: 'This {subject} has already been accepted (closed); nothing more can be recorded on it.',
    zh: '该{subjectZh}已销号，不能再办理。',
  },
  MILESTONE_AWAITING_VERIFICATION: {
    kind: 'conflict',
    en: 'Completion has been submitted and awaits verification; progress and delays can be reported again only if it is returned.',
    zh: '该{subjectZh}已提交完成、正在等待核验；被退回后才能再报告进展或延期。',
  },
  COMPLETION_ALREADY_SUBMITTED: {
    kind: 'conflict',
    en: 'Completion has already been submitted and awaits verification; it cannot be submitted twice.',
    zh: '已提交完成、正在等待核验，不能重复提交。',
  },
  COMPLETION_NOT_SUBMITTED: {
    kind: 'conflict',
    en: 'Only a submitted completion can be accepted or returned; this {subject} is {lifecycle}.',
    zh: '只有已提交完成（待核验）的{subjectZh}才能销号或退回，该{subjectZh}目前为“{lifecycleZh}”。',
  },
  OCCURRED_AT_INVALID: {
    kind: 'validation',
    en: '{field} must be an ISO 8601 instant with a time zone (−12:00 to +14:00), e.g. 2021-06-30T09:00:00+08:00.',
    zh: '{fieldZh}格式不正确，应为带时区（−12:00 至 +14:00）的 ISO 8601 时间，例如 2021-06-30T09:00:00+08:00。',
  },
  OCCURRED_AT_IN_FUTURE: {
    kind: 'unprocessable',
    en: '{field} ({occurredAtShown} Beijing time) is later than now ({nowShown}); at most 5 minutes of clock difference are allowed.',
    zh: '{fieldZh}（北京时间{occurredAtShown}）晚于当前时间（{nowShown}），最多允许5分钟误差。',
  },
  OCCURRED_AT_BEFORE_PLAN_PERIOD: {
    kind: 'unprocessable',
    en: '{field} ({occurredAtShown} Beijing time) is before the plan period, which starts on {periodStart}.',
    zh: '{fieldZh}（北京时间{occurredAtShown}）早于计划期开始日期（{periodStart}）。',
  },
  OCCURRED_AT_BEFORE_SUBMISSION: {
    kind: 'unprocessable',
    en: '{field} ({occurredAtShown} Beijing time) is before the completion was submitted ({submittedAtShown}).',
    zh: '{fieldZh}（北京时间{occurredAtShown}）早于提交完成的时间（{submittedAtShown}）。',
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
  DATE_AFTER_PLAN_HORIZON: {
    kind: 'unprocessable',
    en: "{field} ({value}) is too far ahead: a date may be at most {latest}, the end of the year {years} years after the latest of the {subject}'s period end ({periodEnd}), its planned due date and today.",
    zh: '{fieldZh}（{value}）过远：日期最晚为{latest}（该{subjectZh}计划期结束（{periodEnd}年）、原定完成时限与当前日期中最晚一年再过{years}年的年末）。',
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
    en: 'This {subject} has no indicator "{metric}".',
    zh: '该{subjectZh}没有指标“{metric}”。',
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
  INDICATOR_TARGET_NEGATIVE: {
    kind: 'validation',
    en: '{field} ({value}) must not be negative: a target is a quantity of 0 or more.',
    zh: '{fieldZh}（{value}）不能为负数：目标值须大于或等于0。',
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
    en: 'Unit "{unitShown}" is neither a lead nor a cooperating unit of this {subject}, so it may not {action}.',
    zh: '本单位不是该{subjectZh}的牵头单位或配合单位，无权{actionZh}。',
  },
  FORBIDDEN_NOT_LEAD_UNIT: {
    kind: 'forbidden',
    en: 'Only a lead unit may submit completion; unit "{unitShown}" cooperates on this {subject}.',
    zh: '只有牵头单位可以提交完成，本单位为该{subjectZh}的配合单位。',
  },
  FORBIDDEN_OTHER_ASSIGNMENT: {
    kind: 'forbidden',
    en: 'This milestone is led separately (分别牵头): unit "{unitShown}" answers for its own assignment ({ownShown}), not for "{assignmentShown}", so it may not {action} there.',
    zh: '该里程碑由各单位分别牵头，本单位只负责本单位的承办事项，无权对其他单位的承办事项{actionZh}。',
    standing: {
      en: 'A reporter reports on this standing item for its own unit ({ownShown}), not for "{assignment}".',
      zh: '填报员只能为本单位填报该事项，不能代其他单位（{assignmentShown}）填报。',
    },
  },
  ASSIGNMENT_REQUIRED: {
    kind: 'validation',
    en: 'This milestone is led separately by several units: name in {field} the unit whose assignment the command is for, one of: {knownShown}.',
    zh: '该里程碑由多个单位分别牵头，请指明{fieldZh}，可选：{knownShown}。',
    standing: {
      en: 'Name in {field} the unit the report on this standing item is for, one of: {knownShown}.',
      zh: '请指明为哪个单位填报该事项，可选：{knownShown}。',
    },
  },
  ASSIGNMENT_UNKNOWN: {
    kind: 'validation',
    en: 'This milestone has no assignment "{assignment}"; it has those of: {knownShown}.',
    zh: '该里程碑没有承办单位“{assignment}”，可选：{knownShown}。',
    standing: {
      en: '"{assignment}" is neither a lead nor a cooperating unit of this standing item; it is one of: {knownShown}.',
      zh: '“{assignment}”不是该事项的牵头单位或配合单位，可选：{knownShown}。',
    },
  },
};
