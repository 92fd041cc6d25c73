import type { IsoDate } from '@app/platform';
import { ALERT_LEVEL_LABELS_ZH, type AlertLevel, type AlertMilestoneSnapshot } from '../domain/alert.events';
import { ALERT_RULE_LABELS_ZH, type AlertRule } from '../domain/rules';
import { AUDIENCE_LABELS_ZH, type Audience, type NotificationKind } from '../domain/recipients';
import { bodyText, escapeHtml, headerText } from './mail-safety';

/** One alert as a digest lists it. */
export interface DigestItem {
  readonly alertId: string;
  readonly kind: NotificationKind;
  readonly rule: AlertRule;
  readonly level: AlertLevel;
  readonly asOf: IsoDate;
  /** Repeats: which reminder this is. */
  readonly occurrence?: number;
  readonly daysOverdue?: number;
  readonly milestone: AlertMilestoneSnapshot;
  /** Reasons, zh-CN. */
  readonly reasons: readonly string[];
  /** Why this recipient hears about it. */
  readonly audiences: readonly Audience[];
}

export interface DigestInput {
  readonly recipientName: string;
  readonly asOf: IsoDate;
  readonly items: readonly DigestItem[];
  /** BASE_URL: links go to `${baseUrl}/milestones/<id>` (the dashboard's milestone page). */
  readonly baseUrl: string;
  /** Unit id → name. */
  readonly unitNames: ReadonlyMap<string, string>;
}

export interface Digest {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export const MAIL_SUBJECT_PREFIX = '【三区并进督办】';

const LEVEL_ORDER: { readonly [L in AlertLevel]: number } = { critical: 0, warning: 1, info: 2 };
const KIND_ORDER: { readonly [K in NotificationKind]: number } = { escalated: 0, raised: 1, repeated: 2 };

/** The due date as a mail states it (a standing item has none: 常态化). */
function dueText(m: AlertMilestoneSnapshot): string {
  if (m.standing) return '常态化（无截止日期）';
  return `${m.dueDate}${m.baselineDueDate !== m.dueDate ? `（原计划${m.baselineDueDate}）` : ''}`;
}

export function milestoneLink(baseUrl: string, milestoneId: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/milestones/${encodeURIComponent(milestoneId)}`;
}

/** The subject of a digest of `n` alerts of which `escalated` are escalations. */
export function digestSubject(asOf: IsoDate, n: number, escalated: number): string {
  return headerText(
    `${MAIL_SUBJECT_PREFIX}${asOf} 预警${n}项${escalated > 0 ? `（含升级督办${escalated}项）` : ''}`,
  );
}

export function itemTitle(i: DigestItem): string {
  const rule = ALERT_RULE_LABELS_ZH[i.rule];
  const suffix =
    i.kind === 'escalated'
      ? `（升级督办：已逾期${i.daysOverdue ?? '—'}天未确认）`
      : i.kind === 'repeated'
        ? `（第${(i.occurrence ?? 0) + 1}次提醒）`
        : '';
  return `【${ALERT_LEVEL_LABELS_ZH[i.level]}】${rule}${suffix}：${i.milestone.milestoneId}`;
}

export function sortItems(items: readonly DigestItem[]): DigestItem[] {
  return [...items].sort(
    (a, b) =>
      KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
      LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] ||
      a.milestone.milestoneId.localeCompare(b.milestone.milestoneId) ||
      a.alertId.localeCompare(b.alertId),
  );
}

function units(ids: readonly string[], names: ReadonlyMap<string, string>): string {
  return ids.length === 0 ? '—' : ids.map((id) => names.get(id) ?? id).join('、');
}

/** One digest mail (zh-CN, text and HTML) listing every alert of a run for one recipient. */
export function buildDigest(input: DigestInput): Digest {
  const items = sortItems(input.items);
  const escalated = items.filter((i) => i.kind === 'escalated').length;
  const subject = digestSubject(input.asOf, items.length, escalated);
  const name = headerText(input.recipientName, 100) || '您';
  const footer =
    '此邮件由三区并进督办系统自动发送，请勿直接回复。请登录系统查看详情、报送进展或确认预警（确认后不再重复提醒）。';

  const text: string[] = [
    `${name}，您好：`,
    '',
    `截至${input.asOf}，以下${items.length}项预警需要您关注：`,
    '',
  ];
  items.forEach((i, n) => {
    const m = i.milestone;
    const link = milestoneLink(input.baseUrl, m.milestoneId);
    text.push(`${n + 1}. ${itemTitle(i)}`);
    text.push(`   重点事项${m.taskNo}：${m.taskTitle}`);
    text.push(`   计划内容：${m.text}`);
    text.push(`   截止日期：${dueText(m)}`);
    text.push(
      `   牵头单位：${units(m.leadUnits, input.unitNames)}；配合单位：${units(m.cooperatingUnits, input.unitNames)}`,
    );
    for (const r of i.reasons) text.push(`   情况：${r}`);
    text.push(`   您收到此提醒是因为：${i.audiences.map((a) => AUDIENCE_LABELS_ZH[a]).join('、')}`);
    text.push(`   查看：${link}`);
    text.push('');
  });
  text.push('——', footer, '');

  const li = items
    .map((i) => {
      const m = i.milestone;
      const link = milestoneLink(input.baseUrl, m.milestoneId);
      return `<li style="margin-bottom:12px">
<p style="margin:0"><strong>${escapeHtml(itemTitle(i))}</strong></p>
<p style="margin:0">重点事项${m.taskNo}：${escapeHtml(m.taskTitle)}</p>
<p style="margin:0">计划内容：${escapeHtml(m.text)}</p>
<p style="margin:0">截止日期：${escapeHtml(dueText(m))}</p>
<p style="margin:0">牵头单位：${escapeHtml(units(m.leadUnits, input.unitNames))}；配合单位：${escapeHtml(units(m.cooperatingUnits, input.unitNames))}</p>
${i.reasons.map((r) => `<p style="margin:0">情况：${escapeHtml(r)}</p>`).join('\n')}
<p style="margin:0;color:#666">您收到此提醒是因为：${escapeHtml(i.audiences.map((a) => AUDIENCE_LABELS_ZH[a]).join('、'))}</p>
<p style="margin:0"><a href="${escapeHtml(link)}">查看里程碑 ${escapeHtml(m.milestoneId)}</a></p>
</li>`;
    })
    .join('\n');
  const html = `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:sans-serif;font-size:14px;line-height:1.6">
<p>${escapeHtml(name)}，您好：</p>
<p>截至${escapeHtml(input.asOf)}，以下${items.length}项预警需要您关注：</p>
<ol>
${li}
</ol>
<hr><p style="color:#666;font-size:12px">${escapeHtml(footer)}</p>
</body></html>
`;
  return { subject, text: bodyText(text.join('\n')), html };
}
