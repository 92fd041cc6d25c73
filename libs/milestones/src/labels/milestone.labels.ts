/**
 * The codes of a milestone people see named, and their zh-CN names: the one source for the API, the reports,
 * the ledger, the mails and the dashboard (which imports this folder as `@app/milestones/labels`). No imports:
 * the browser bundles it as it is.
 */

/**
 * Lifecycle (from events): 未开始 planned → 推进中 in_progress → 待核验 submitted → 已销号 accepted; 已退回 returned
 * (work goes on); 已取消 cancelled and 已撤销 withdrawn are final (a revised plan may reinstate a withdrawn one).
 */
export const MILESTONE_LIFECYCLES = [
  'planned',
  'in_progress',
  'submitted',
  'accepted',
  'returned',
  'cancelled',
  'withdrawn',
] as const;
export type MilestoneLifecycle = (typeof MILESTONE_LIFECYCLES)[number];

export const MILESTONE_LIFECYCLE_LABELS_ZH: { readonly [L in MilestoneLifecycle]: string } = {
  planned: '未开始',
  in_progress: '推进中',
  submitted: '待核验',
  accepted: '已销号',
  returned: '已退回',
  cancelled: '已取消',
  withdrawn: '已撤销',
};

/** Schedule at a date (derived by the assessment rules). */
export const SCHEDULE_STATES = [
  'not_due',
  'due_soon',
  'overdue',
  'completed_on_time',
  'completed_late',
  'cancelled',
] as const;
export type ScheduleState = (typeof SCHEDULE_STATES)[number];

export const SCHEDULE_LABELS_ZH: { readonly [S in ScheduleState]: string } = {
  not_due: '未到期',
  due_soon: '即将到期',
  overdue: '已逾期',
  completed_on_time: '按期完成',
  completed_late: '逾期完成',
  cancelled: '已取消',
};

/** Health colours, worst first. */
export const HEALTH_COLOURS = ['red', 'amber', 'green', 'grey'] as const;
export type HealthColour = (typeof HEALTH_COLOURS)[number];

export const HEALTH_LABELS_ZH: { readonly [H in HealthColour]: string } = {
  red: '红',
  amber: '黄',
  green: '绿',
  grey: '灰',
};

/** A colour with what it means (legends, filters, tooltips). */
export const HEALTH_MEANINGS_ZH: { readonly [H in HealthColour]: string } = {
  red: '红灯（滞后或逾期）',
  amber: '黄灯（需关注）',
  green: '绿灯（正常）',
  grey: '灰灯（未按期报送或不评价）',
};

/** How a milestone's lead units lead: one unit, each its own assignment (分别), or together (共同). */
export const LEAD_MODES = ['single', 'separately', 'jointly'] as const;
export type LeadMode = (typeof LEAD_MODES)[number];

export const LEAD_MODE_LABELS_ZH: { readonly [M in LeadMode]: string } = {
  single: '单独牵头',
  separately: '分别牵头',
  jointly: '共同牵头',
};

/** Roles of a token: admin (everything), supervisor (督查室), reporter (one unit), viewer. */
export const ACTOR_ROLES = ['admin', 'supervisor', 'reporter', 'viewer'] as const;
export type ActorRole = (typeof ACTOR_ROLES)[number];

export const ACTOR_ROLE_LABELS_ZH: { readonly [R in ActorRole]: string } = {
  admin: '系统管理员',
  supervisor: '督查室',
  reporter: '责任单位填报员',
  viewer: '只读用户',
};
