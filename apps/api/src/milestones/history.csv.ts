import { ACTOR_ROLE_LABELS_ZH } from '@app/milestones/labels';
import { MILESTONE_EVENT_LABELS_ZH, type HistoryEntry, type MilestoneEvent } from '@app/milestones';
import { formatPlanTime } from '@app/platform';
import { reportSummary } from '@app/reports';

/** Who the system actors are, as the 办理历史 panel names them (`seed-import`: 系统（导入计划）). */
const SYSTEM_ACTORS_ZH: Readonly<Record<string, string>> = { 'seed-import': '导入计划' };

type Row = HistoryEntry & { actorUnitName: string | null };

function cell(v: unknown): string {
  const s = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  // Quote every cell; neutralise spreadsheet formulas (=, +, -, @ at the start).
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** An old event's unreadable time (the history falls back on its own) is shown as stored, not a 500. */
const planTime = (iso: string): string =>
  Number.isFinite(Date.parse(iso)) ? formatPlanTime(iso) : (iso ?? '');

function actorText(r: Row): string {
  const a = r.actor;
  if (a?.tokenName) return a.tokenName;
  return a?.system ? `系统（${SYSTEM_ACTORS_ZH[a.system] ?? a.system}）` : '';
}

/**
 * 内容 in words: the unit whose share it is (承办单位), then what the review quotes of it (`reportSummary`); a plan
 * event its due date and units. An event this build cannot read: empty (the JSON column keeps it).
 */
function contentZh(r: Row, unitName: (id: string) => string): string {
  if (!Object.hasOwn(MILESTONE_EVENT_LABELS_ZH, r.type) || typeof r.data !== 'object' || r.data === null)
    return '';
  const d = r.data as Record<string, unknown>;
  const units = (v: unknown) => (Array.isArray(v) ? v.map((u) => unitName(String(u))).join('、') : '');
  const parts: string[] = [];
  if (typeof d['assignment'] === 'string') parts.push(`承办单位：${unitName(d['assignment'])}`);
  if (r.type === 'MilestonePlanned' || r.type === 'MilestoneAdded' || r.type === 'MilestoneRevised') {
    if (typeof d['dueDate'] === 'string') parts.push(`完成时限：${d['dueDate']}`);
    if (Array.isArray(d['leadUnits'])) parts.push(`牵头单位：${units(d['leadUnits'])}`);
    if (Array.isArray(d['cooperatingUnits'])) parts.push(`配合单位：${units(d['cooperatingUnits'])}`);
  } else {
    try {
      parts.push(reportSummary({ type: r.type, data: r.data, occurredAt: r.occurredAt } as MilestoneEvent));
    } catch {
      // An old or odd payload: the JSON column has it.
    }
  }
  return parts.join('；');
}

/**
 * The history as CSV: UTF-8 with a BOM and CRLF rows, so Excel opens it with the Chinese intact; times in the plan's
 * zone with the offset (`2020-01-01 00:00:00+08:00`), as every export people read shows them (the JSON keeps UTC).
 */
export function historyCsv(rows: readonly Row[], unitName: (id: string) => string = (id) => id): string {
  const header = [
    '版本',
    '事件',
    '事件类型',
    '发生时间',
    '记录时间',
    '补报',
    '操作人',
    '角色',
    '单位',
    '内容',
    '全局位置',
    '哈希',
    '数据（JSON）',
  ];
  const lines = rows.map((r) =>
    [
      r.version,
      r.label,
      r.type,
      planTime(r.occurredAt),
      planTime(r.recordedAt),
      r.backdated ? '是' : '否',
      actorText(r),
      r.actor?.role
        ? ((ACTOR_ROLE_LABELS_ZH as Readonly<Record<string, string>>)[r.actor.role] ?? r.actor.role)
        : '',
      r.actorUnitName ?? '',
      contentZh(r, unitName),
      r.position,
      r.hash,
      r.data,
    ]
      .map(cell)
      .join(','),
  );
  return `\uFEFF${[header.map(cell).join(','), ...lines].join('\r\n')}\r\n`;
}
