import { SEVERITIES, SEVERITY_ZH, type Notice, type NoticeItem, type Severity } from './notice';
import { latenessZh, noticeFooter, noticeSummary, whenZh } from './notice-wording';
import { byTask, factsLine, salutation } from './notice-text';
import { escapeHtml as e } from './mail-safety';

/**
 * The text/html part: simple and mail-client-safe (tables, inline styles, no external assets, no scripts);
 * every piece of text is escaped.
 */

const COLOUR: { readonly [S in Severity]: string } = { red: '#c0392b', amber: '#d68910', blue: '#2e86c1' };
const TD = 'padding:4px 8px;border:1px solid #ddd;vertical-align:top';
const TH = `${TD};background:#f4f4f4;text-align:left;font-weight:bold`;

function badge(i: NoticeItem): string {
  return `<span style="display:inline-block;padding:0 6px;border-radius:3px;color:#fff;background:${
    COLOUR[i.severity]
  }">${SEVERITY_ZH[i.severity]}</span>`;
}

function rule(i: NoticeItem): string {
  return `${badge(i)} <strong>${e(i.ruleZh)}</strong>${i.noteZh ? `（${e(i.noteZh)}）` : ''}`;
}

function link(i: NoticeItem): string {
  return `<a href="${e(i.link)}" style="color:#1a5fb4">查看</a>`;
}

function unitHtml(n: Notice): string {
  return byTask(n.items)
    .map(
      ([task, items]) => `<h3 style="font-size:15px;margin:16px 0 6px">${e(task)}</h3>
<table role="presentation" cellspacing="0" cellpadding="0" style="border-collapse:collapse;width:100%">
${items
  .map(
    (i) => `<tr><td style="${TD}">
<div>${rule(i)} · ${e(factsLine(i))}</div>
${i.reasons.map((r) => `<div>情况：${e(r)}</div>`).join('\n')}
<div style="color:#555">目标：${e(i.target)}</div>
<div>${link(i)}</div>
</td></tr>`,
  )
  .join('\n')}
</table>`,
    )
    .join('\n');
}

function officeHtml(n: Notice): string {
  const head = SEVERITIES.map((s) => `<th style="${TH};color:${COLOUR[s]}">${SEVERITY_ZH[s]}</th>`).join('');
  const counts = n.byUnit
    .map(
      (u) =>
        `<tr><td style="${TD}">${e(u.unit)}</td>${SEVERITIES.map(
          (s) => `<td style="${TD};text-align:right">${u.counts[s] || ''}</td>`,
        ).join('')}<td style="${TD};text-align:right">${u.counts.total}</td></tr>`,
    )
    .join('\n');
  const rows = n.byUnit
    .map(
      (u) => `<tr><td colspan="6" style="${TH}">${e(u.unit)}</td></tr>
${u.items
  .map(
    (i) =>
      `<tr><td style="${TD};white-space:nowrap">${badge(i)}</td><td style="${TD};white-space:nowrap">${e(
        latenessZh(i),
      )}</td><td style="${TD}">${e(i.taskTitle)}${i.separately ? '（分别牵头）' : ''}</td><td style="${TD}">${e(whenZh(i))}</td><td style="${TD}">${e(i.ruleZh)}${i.noteZh ? `（${e(i.noteZh)}）` : ''}</td><td style="${TD}">${link(i)}</td></tr>`,
  )
  .join('\n')}`,
    )
    .join('\n');
  return `<h3 style="font-size:15px;margin:16px 0 6px">各单位预警数</h3>
<table cellspacing="0" cellpadding="0" style="border-collapse:collapse">
<tr><th style="${TH}">牵头单位</th>${head}<th style="${TH}">合计</th></tr>
${counts}
</table>
<h3 style="font-size:15px;margin:16px 0 6px">明细（红色在前，逾期久者在前）</h3>
<table cellspacing="0" cellpadding="0" style="border-collapse:collapse;width:100%">
<tr><th style="${TH}">预警</th><th style="${TH}">逾期/剩余</th><th style="${TH}">重点任务</th><th style="${TH}">年度/截止</th><th style="${TH}">类型</th><th style="${TH}">链接</th></tr>
${rows}
</table>`;
}

export function noticeHtml(n: Notice, subject: string): string {
  return `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${e(subject)}</title></head>
<body style="margin:0;padding:16px;font-family:sans-serif;font-size:14px;line-height:1.6;color:#222">
<p style="margin:0 0 8px">${e(salutation(n))}</p>
<div style="padding:8px 12px;border-left:4px solid ${COLOUR[n.items[0]?.severity ?? 'blue']};background:#fafafa">
${noticeSummary(n)
  .map((l) => `<p style="margin:0">${e(l)}</p>`)
  .join('\n')}
</div>
${n.scope === 'office' ? officeHtml(n) : unitHtml(n)}
<hr style="border:0;border-top:1px solid #ddd;margin:16px 0 8px">
${noticeFooter(n)
  .map((l) => `<p style="margin:0;color:#666;font-size:12px">${e(l)}</p>`)
  .join('\n')}
</body></html>
`;
}
