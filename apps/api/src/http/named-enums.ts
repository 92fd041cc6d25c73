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

/**
 * One named code list: its values, its schema's name and its schema's description. The list and the name keep their
 * literal types (`enum` is the lib's readonly tuple), as a spread into `@ApiProperty` wants them.
 */
const namedEnum = <const L extends readonly string[], const N extends string>(
  list: L,
  enumName: N,
  description: string,
) => ({ type: 'string', enum: list, enumName, enumSchema: { description } }) as const;

/** A unit's role: lead (牵头) or cooperating (配合). */
export const UNIT_ROLE = namedEnum(
  UNIT_ROLES,
  'UnitRole',
  'lead (牵头: the unit answers for it) or cooperating (配合)',
);

/** A milestone's (or an assignment's) lifecycle. */
export const MILESTONE_LIFECYCLE = namedEnum(
  MILESTONE_LIFECYCLES,
  'MilestoneLifecycle',
  'planned 未开始, in_progress 推进中, submitted 待核验, accepted 已销号, returned 已退回 (work goes on); ' +
    'cancelled 已取消 and withdrawn 已撤销 are final',
);

/** How a milestone's (or a standing item's) lead units lead. */
export const LEAD_MODE = namedEnum(
  LEAD_MODES,
  'LeadMode',
  'one lead unit (单独牵头), each its own assignment (分别牵头), or together (共同牵头)',
);

/** The health colour of a milestone or an assignment, worst first. */
export const HEALTH_COLOUR = namedEnum(
  HEALTH_COLOURS,
  'HealthColour',
  'red 红 (behind or overdue), amber 黄 (needs attention), green 绿, grey 灰 (no report or not judged)',
);

/** The role of a token (and so of its caller). */
export const ACTOR_ROLE = namedEnum(
  ACTOR_ROLES,
  'ActorRole',
  'admin (everything), supervisor (督查室), reporter (one unit: 责任单位填报员), viewer (read only)',
);

/** Where a standing item's line stands in its task. */
export const STANDING_ITEM_KIND = namedEnum(
  STANDING_ITEM_KINDS,
  'StandingItemKind',
  'standing (常态化要求: a requirement without a period), lead-in (总体要求: introduces the dated lines) or ' +
    'trailing (后续要求: after them)',
);

/** An outcome of the year-end review (年度回顾结果). */
export const OUTCOME = namedEnum(
  OUTCOMES,
  'Outcome',
  'met_on_time 按期完成, met_late 逾期完成, awaiting_verification 待核验, partly_met 部分完成, missed 未完成, ' +
    'rebaselined 调整完成时限, cancelled 已取消, not_due 未到期 (a provisional review only); a milestone’s is ' +
    'its worst assignment’s',
);

/** The rule that raised an alert (the alert rules' registry; the API's `rule` filter). */
export const ALERT_RULE = namedEnum(
  ALERT_RULES,
  'AlertRule',
  `the rule that raised it: ${labelled(ALERT_RULES, ALERT_RULE_LABELS_ZH)}`,
);

/** How serious an alert is, least first. */
export const ALERT_LEVEL = namedEnum(
  ALERT_LEVELS,
  'AlertLevel',
  `least serious first: ${labelled(ALERT_LEVELS, ALERT_LEVEL_LABELS_ZH)}`,
);

/** Where an alert stands: open → acknowledged → resolved. */
export const ALERT_STATE = namedEnum(
  ALERT_STATES,
  'AlertState',
  `${labelled(ALERT_STATES, ALERT_STATE_LABELS_ZH)}: acknowledged stops repeats and escalation, resolved ` +
    'means the condition cleared',
);

/** Where a message of the outbox (a mail or a robot message) stands. */
export const DELIVERY_STATE = namedEnum(
  DELIVERY_STATES,
  'DeliveryState',
  'pending (in the outbox, tried again until sent or dead), sent, dead (a dead letter: retry it)',
);

/** A unit's group robot: 钉钉 or 企业微信. */
export const ROBOT_KIND = namedEnum(
  ROBOT_KINDS,
  'RobotKind',
  'dingtalk (钉钉群机器人) or wecom (企业微信群机器人)',
);

/** Why the plan puts a task in a zone or a district. */
export const PLACE_REASON_KIND = namedEnum(
  PLACE_REASON_KINDS,
  'PlaceReasonKind',
  'section (the task’s section names the zone), named-in-text (its name in the title, the work or the plan), ' +
    'town-in-text (one of its towns named there), lead-government / cooperating-government (the district’s ' +
    'government leads or cooperates)',
);

/** What a roll-up groups by. */
export const STATS_DIMENSION = namedEnum(
  STATS_DIMENSIONS,
  'StatsDimension',
  'zones (功能区), districts (市（区）), units (责任单位), sections (plan sections), years (due year)',
);
