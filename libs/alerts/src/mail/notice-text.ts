import { SEVERITY_ZH, type Notice, type NoticeItem } from './notice';
import { countsZh, latenessZh, noticeFooter, noticeSummary, whenZh } from './notice-wording';

/** The items grouped by task (重点事项), tasks in the order of their first (worst) item. */
export function byTask(items: readonly NoticeItem[]): [string, NoticeItem[]][] {
  const groups = new Map<string, NoticeItem[]>();
  for (const i of items) {
    const key = `${i.taskTitle}（重点事项${i.taskNo}）`;
    groups.set(key, [...(groups.get(key) ?? []), i]);
  }
  return [...groups.entries()];
}

/** 【红】已逾期（超期未确认，已升级督办） */
export function ruleLine(i: NoticeItem): string {
  return `【${SEVERITY_ZH[i.severity]}】${i.ruleZh}${i.noteZh ? `（${i.noteZh}）` : ''}`;
}

/** 2020年度 · 分别牵头：台山市政府 · 截止2020-12-31 · 逾期59天 */
export function factsLine(i: NoticeItem): string {
  const lead = `${i.separately ? '分别牵头' : '牵头单位'}：${i.leadZh}${i.asZh ? `（贵单位为${i.asZh}）` : ''}`;
  return i.standing
    ? ['常态化（无截止日期）', lead].join(' · ')
    : [i.yearZh, lead, `截止${i.dueZh}`, latenessZh(i)].join(' · ');
}

const CN_NO = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
function cnNo(n: number): string {
  return CN_NO[n - 1] ?? String(n);
}

function unitText(n: Notice): string[] {
  const out: string[] = [];
  byTask(n.items).forEach(([task, items], t) => {
    out.push(`${cnNo(t + 1)}、${task}`);
    items.forEach((i, k) => {
      out.push(`  ${k + 1}. ${ruleLine(i)} ${factsLine(i)}`);
      for (const r of i.reasons) out.push(`     情况：${r}`);
      out.push(`     目标：${i.target}`);
      out.push(`     查看：${i.link}`);
    });
    out.push('');
  });
  return out;
}

function officeText(n: Notice): string[] {
  const out = ['各单位预警数：'];
  for (const u of n.byUnit) out.push(`  ${u.unit}  ${countsZh(u.counts)}（共 ${u.counts.total} 项）`);
  out.push('', '明细（按牵头单位；红色在前，逾期久者在前）：');
  for (const u of n.byUnit) {
    out.push(`■ ${u.unit}`);
    for (const i of u.items) {
      out.push(
        `  ${ruleLine(i)} ${latenessZh(i)} ${i.taskTitle}（${whenZh(i)}）${i.separately ? ' 分别牵头' : ''}`,
      );
      out.push(`     查看：${i.link}`);
    }
  }
  out.push('');
  return out;
}

/** 市交通运输局（联络员 张三）： or 市交通运输局联络员： for a unit; the recipient's name for the office. */
export function salutation(n: Notice): string {
  if (n.scope === 'office' || n.recipientName === '') return `${n.recipientName || '您好'}：`;
  return n.recipientName.includes(n.unitZh) ? `${n.recipientName}：` : `${n.unitZh}（${n.recipientName}）：`;
}

/** The text/plain part. */
export function noticeText(n: Notice): string {
  return [
    salutation(n),
    '',
    ...noticeSummary(n),
    '',
    ...(n.scope === 'office' ? officeText(n) : unitText(n)),
    '——',
    ...noticeFooter(n),
    '',
  ].join('\n');
}
