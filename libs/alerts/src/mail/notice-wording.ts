import type { IsoDate } from '@app/platform';
import { SEVERITIES, SEVERITY_ZH, type Notice, type NoticeItem, type SeverityCounts } from './notice';

/**
 * The wording of a notice shared by every channel: the subject (title) and the summary that opens it. Pure
 * functions of the notice, so a mail and a group-robot message say the same.
 */

/** 2021-12-03 → 2021年12月3日. */
export function dateZh(d: IsoDate): string {
  const [y, m, day] = d.split('-');
  return `${y}年${Number(m)}月${Number(day)}日`;
}

/** 红 8 · 黄 14 (only the colours present). */
export function countsZh(c: SeverityCounts): string {
  return SEVERITIES.filter((s) => c[s] > 0)
    .map((s) => `${SEVERITY_ZH[s]} ${c[s]}`)
    .join(' · ');
}

function distinctTasks(items: readonly NoticeItem[]): number {
  return new Set(items.map((i) => i.subjectKey)).size;
}

/** 已逾期 / 即将到期 / 进度滞后: the rules of some items, in order. */
function rulesZh(items: readonly NoticeItem[]): string {
  return [...new Set(items.map((i) => i.ruleZh))].join(' / ');
}

/**
 * A unit's reminder: 【督办提醒·红】市农业农村局：2 项任务已逾期; the office's digest:
 * 【督办日报】共 22 项预警：红 8 · 黄 14（2021年11月30日）(督办快报 for alerts found between scans).
 */
export function noticeSubject(n: Notice): string {
  if (n.scope === 'office') {
    const kind = n.runKind === 'scan' ? '督办日报' : '督办快报';
    return `【${kind}】共 ${n.counts.total} 项预警：${countsZh(n.counts)}（${dateZh(n.asOf)}）`;
  }
  const top = SEVERITIES.find((s) => n.counts[s] > 0) ?? 'blue';
  const lead = n.items.filter((i) => i.severity === top);
  const up = lead.filter((i) => i.kind === 'escalated').length;
  const escalated = up > 0 ? `（${up} 项已升级督办）` : '';
  const rest = n.counts.total - lead.length;
  return (
    `【督办提醒·${SEVERITY_ZH[top]}】${n.unitZh}：${distinctTasks(lead)} 项任务${rulesZh(lead)}${escalated}` +
    (rest > 0 ? `，另有 ${rest} 项预警` : '')
  );
}

/** 逾期59天 / 剩余7天 / 常态化. */
export function latenessZh(i: NoticeItem): string {
  if (i.daysOverdue !== null) return `逾期${i.daysOverdue}天`;
  if (i.daysLeft !== null) return i.daysLeft === 0 ? '今日到期' : `剩余${i.daysLeft}天`;
  return '常态化';
}

/** 2021年度，截止2021-12-31 / 常态化，无截止日期. */
export function whenZh(i: NoticeItem): string {
  return i.standing ? '常态化，无截止日期' : `${i.yearZh}，截止${i.dueZh}`;
}

/** The reply window as a sentence: 请于 2021年12月3日前（3个工作日内）… */
export function replyByZh(n: Notice): string {
  const when = `${dateZh(n.replyBy)}前（${n.replyWorkingDays}个工作日内）`;
  return n.scope === 'office'
    ? `回复时限：已提醒各承办单位于 ${when}在督办系统填报进展或说明原因。`
    : `回复时限：请于 ${when}登录督办系统，逐项填报最新进展或说明原因；已知悉的预警可在“预警”页确认。`;
}

/**
 * The summary that opens every notice: how many, by colour and by kind, how late the worst is, the reply-by date.
 * Lines of plain text (a channel escapes them itself).
 */
export function noticeSummary(n: Notice): string[] {
  const whose = n.scope === 'office' ? '全市重点任务' : '贵单位承办的重点任务';
  const lines = [
    `截至${dateZh(n.asOf)}，${whose}共有 ${n.counts.total} 项预警（涉及 ${n.tasks} 项任务${
      n.scope === 'office' ? `、${n.byUnit.length} 个牵头单位` : ''
    }）：${SEVERITIES.filter((s) => n.counts[s] > 0)
      .map((s) => `${SEVERITY_ZH[s]}色 ${n.counts[s]} 项`)
      .join('，')}。`,
    `按类型：${n.byRule.map(([rule, count]) => `${rule} ${count} 项`).join('，')}。`,
  ];
  if (n.worst) {
    const w = n.worst;
    lines.push(
      `逾期最久：${w.taskTitle}${n.scope === 'office' ? `（${w.leadZh}）` : ''}，已逾期 ${w.daysOverdue} 天（截止${w.dueZh}）。`,
    );
  }
  lines.push(replyByZh(n));
  return lines;
}

/** The footer: who sends it, and how to stop or adjust the notices. */
export function noticeFooter(n: Notice): string[] {
  return [
    n.scope === 'office'
      ? '本日报由三区并进重点任务督办系统自动生成并发送，请勿直接回复本邮件。'
      : '本通知由三区并进重点任务督办系统代督查室自动发送，请勿直接回复本邮件。',
    n.scope === 'office'
      ? '预警确认后不再重复提醒；如需调整接收人或停止接收，请由系统管理员在督办系统中修改预警联系人。'
      : '预警确认后不再重复提醒；如需更换接收人或停止接收，请联系督查室修改本单位的预警联系人。',
    `预警规则：红色为已逾期，黄色为即将到期（最后一次提醒）、进度滞后、未按期报送、报告延期等，蓝色为提示。`,
  ];
}
