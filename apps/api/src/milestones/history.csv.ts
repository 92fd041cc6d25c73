import { ACTOR_ROLE_LABELS_ZH } from '@app/milestones/labels';
import type { HistoryEntry } from '@app/milestones';
import { formatPlanTime } from '@app/platform';

function cell(v: unknown): string {
  const s = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  // Quote every cell; neutralise spreadsheet formulas (=, +, -, @ at the start).
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** An old event's unreadable time (the history falls back on its own) is shown as stored, not a 500. */
const planTime = (iso: string): string =>
  Number.isFinite(Date.parse(iso)) ? formatPlanTime(iso) : (iso ?? '');

/**
 * The history as CSV: UTF-8 with a BOM and CRLF rows, so Excel opens it with the Chinese intact; times in the plan's
 * zone with the offset (`2020-01-01 00:00:00+08:00`), as every export people read shows them (the JSON keeps UTC).
 */
export function historyCsv(rows: readonly (HistoryEntry & { actorUnitName: string | null })[]): string {
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
  ];
  const lines = rows.map((r) =>
    [
      r.version,
      r.label,
      r.type,
      planTime(r.occurredAt),
      planTime(r.recordedAt),
      r.backdated ? '是' : '否',
      r.actor?.tokenName ?? r.actor?.system ?? '',
      r.actor?.role
        ? ((ACTOR_ROLE_LABELS_ZH as Readonly<Record<string, string>>)[r.actor.role] ?? r.actor.role)
        : '',
      r.actorUnitName ?? '',
      r.data,
      r.position,
      r.hash,
    ]
      .map(cell)
      .join(','),
  );
  return `\uFEFF${[header.map(cell).join(','), ...lines].join('\r\n')}\r\n`;
}
