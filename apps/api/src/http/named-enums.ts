import { ALERT_RULE_LABELS_ZH, ALERT_RULES, DELIVERY_STATES, ROBOT_KINDS } from '@app/alerts';
import {
  ACTOR_ROLES,
  ALERT_LEVEL_LABELS_ZH,
  ALERT_LEVELS,
  ALERT_STATE_LABELS_ZH,
  ALERT_STATES,
  HEALTH_COLOURS,
  LEAD_MODES,
  MILESTONE_LIFECYCLES,
} from '@app/milestones/labels';
import { STANDING_ITEM_KINDS } from '@app/milestones';
import { PLACE_REASON_KINDS } from '@app/plans';
import { STATS_DIMENSIONS, UNIT_ROLES } from '@app/read-models';
import { OUTCOMES } from '@app/reports';

/*
 * The code lists several DTOs carry, each one schema of the OpenAPI document (`enumName`), which the dashboard names
 * (`Schemas['MilestoneLifecycle']`). The values are the lib's one list; the description is the schema's own
 * (`enumSchema`), not that of the first property naming it. Spread one into `@ApiProperty` (with `nullable`, a
 * property's own `description`, an `example`). A list only one property carries names itself there.
 */

/** `code 名称, …` in the list's order, from the lib's labels (a code added there is described here too). */
const labelled = <C extends string>(codes: readonly C[], zh: { readonly [K in C]: string }): string =>
  codes.map((c) => `${c} ${zh[c]}`).join(', ');

/** A unit's role: lead (牵头) or cooperating (配合). */
export const UNIT_ROLE = {
  type: 'string',
  enum: UNIT_ROLES,
  enumName: 'UnitRole',
  enumSchema: { description: 'lead (牵头: the unit answers for it) or cooperating (配合)' },
} as const;

/** A milestone's (or an assignment's) lifecycle. */
export const MILESTONE_LIFECYCLE = {
  type: 'string',
  enum: MILESTONE_LIFECYCLES,
  enumName: 'MilestoneLifecycle',
  enumSchema: {
    description:
      'planned 未开始, in_progress 推进中, submitted 待核验, accepted 已销号, returned 已退回 (work goes on); ' +
      'cancelled 已取消 and withdrawn 已撤销 are final',
  },
} as const;

/** How a milestone's (or a standing item's) lead units lead. */
export const LEAD_MODE = {
  type: 'string',
  enum: LEAD_MODES,
  enumName: 'LeadMode',
  enumSchema: {
    description: 'one lead unit (单独牵头), each its own assignment (分别牵头), or together (共同牵头)',
  },
} as const;

/** The health colour of a milestone or an assignment, worst first. */
export const HEALTH_COLOUR = {
  type: 'string',
  enum: HEALTH_COLOURS,
  enumName: 'HealthColour',
  enumSchema: {
    description:
      'red 红 (behind or overdue), amber 黄 (needs attention), green 绿, grey 灰 (no report or not judged)',
  },
} as const;

/** The role of a token (and so of its caller). */
export const ACTOR_ROLE = {
  type: 'string',
  enum: ACTOR_ROLES,
  enumName: 'ActorRole',
  enumSchema: {
    description:
      'admin (everything), supervisor (督查室), reporter (one unit: 责任单位填报员), viewer (read only)',
  },
} as const;

/** Where a standing item's line stands in its task. */
export const STANDING_ITEM_KIND = {
  type: 'string',
  enum: STANDING_ITEM_KINDS,
  enumName: 'StandingItemKind',
  enumSchema: {
    description:
      'standing (常态化要求: a requirement without a period), lead-in (总体要求: introduces the dated lines) or ' +
      'trailing (后续要求: after them)',
  },
} as const;

/** An outcome of the year-end review (年度回顾结果). */
export const OUTCOME = {
  type: 'string',
  enum: OUTCOMES,
  enumName: 'Outcome',
  enumSchema: {
    description:
      'met_on_time 按期完成, met_late 逾期完成, awaiting_verification 待核验, partly_met 部分完成, missed 未完成, ' +
      'rebaselined 调整完成时限, cancelled 已取消, not_due 未到期 (a provisional review only); a milestone’s is ' +
      'its worst assignment’s',
  },
} as const;

/** The rule that raised an alert (the alert rules' registry; the API's `rule` filter). */
export const ALERT_RULE = {
  type: 'string',
  enum: ALERT_RULES,
  enumName: 'AlertRule',
  enumSchema: { description: `the rule that raised it: ${labelled(ALERT_RULES, ALERT_RULE_LABELS_ZH)}` },
} as const;

/** How serious an alert is, least first. */
export const ALERT_LEVEL = {
  type: 'string',
  enum: ALERT_LEVELS,
  enumName: 'AlertLevel',
  enumSchema: { description: `least serious first: ${labelled(ALERT_LEVELS, ALERT_LEVEL_LABELS_ZH)}` },
} as const;

/** Where an alert stands: open → acknowledged → resolved. */
export const ALERT_STATE = {
  type: 'string',
  enum: ALERT_STATES,
  enumName: 'AlertState',
  enumSchema: {
    description:
      `${labelled(ALERT_STATES, ALERT_STATE_LABELS_ZH)}: acknowledged stops repeats and escalation, resolved ` +
      'means the condition cleared',
  },
} as const;

/** Where a message of the outbox (a mail or a robot message) stands. */
export const DELIVERY_STATE = {
  type: 'string',
  enum: DELIVERY_STATES,
  enumName: 'DeliveryState',
  enumSchema: {
    description:
      'pending (in the outbox, tried again until sent or dead), sent, dead (a dead letter: retry it)',
  },
} as const;

/** A unit's group robot: 钉钉 or 企业微信. */
export const ROBOT_KIND = {
  type: 'string',
  enum: ROBOT_KINDS,
  enumName: 'RobotKind',
  enumSchema: { description: 'dingtalk (钉钉群机器人) or wecom (企业微信群机器人)' },
} as const;

/** Why the plan puts a task in a zone or a district. */
export const PLACE_REASON_KIND = {
  type: 'string',
  enum: PLACE_REASON_KINDS,
  enumName: 'PlaceReasonKind',
  enumSchema: {
    description:
      'section (the task’s section names the zone), named-in-text (its name in the title, the work or the plan), ' +
      'town-in-text (one of its towns named there), lead-government / cooperating-government (the district’s ' +
      'government leads or cooperates)',
  },
} as const;

/** What a roll-up groups by. */
export const STATS_DIMENSION = {
  type: 'string',
  enum: STATS_DIMENSIONS,
  enumName: 'StatsDimension',
  enumSchema: {
    description:
      'zones (功能区), districts (市（区）), units (责任单位), sections (plan sections), years (due year)',
  },
} as const;
