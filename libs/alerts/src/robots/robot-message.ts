import type { IsoDate } from '@app/platform';
import type { AlertLevel, AlertMilestoneSnapshot } from '../domain/alert.events';
import { ALERT_RULE_LABELS_ZH, type AlertRule } from '../domain/rules';
import type { NotificationKind } from '../domain/recipients';
import { headerText } from '../mail/mail-safety';

/** One alert as a robot message lists it (the same notice data a digest mail is made of). */
export interface RobotItem {
  readonly alertId: string;
  readonly kind: NotificationKind;
  readonly rule: AlertRule;
  readonly level: AlertLevel;
  readonly occurrence?: number;
  readonly milestone: AlertMilestoneSnapshot;
  /** Reasons, zh-CN; the first is shown. */
  readonly reasons: readonly string[];
}

export interface RobotMessageInput {
  /** The units the group robot belongs to, by name. */
  readonly unitNames: readonly string[];
  readonly asOf: IsoDate;
  readonly items: readonly RobotItem[];
  /** BASE_URL: the dashboard. */
  readonly baseUrl: string;
  /** UTF-8 bytes the text may take (WeCom takes 4096 at most, DingTalk about 5000). */
  readonly maxBytes?: number;
}

export interface RobotMessage {
  /** DingTalk shows it in the chat list; WeCom has no title (the text's heading says the same). */
  readonly title: string;
  /** Markdown both robots render: a heading, a numbered line per alert with its link, a link to all. */
  readonly text: string;
}

export const ROBOT_MESSAGE_MAX_BYTES = 4000;

/** 三色预警, as the office (and the mails) say it: 红 critical, 黄 warning, 蓝 info. */
const COLOUR_ZH: { readonly [L in AlertLevel]: string } = { critical: '红', warning: '黄', info: '蓝' };
const LEVEL_ORDER: { readonly [L in AlertLevel]: number } = { critical: 0, warning: 1, info: 2 };
const KIND_ORDER: { readonly [K in NotificationKind]: number } = { escalated: 0, raised: 1, repeated: 2 };

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');
/** One line of user text, without what markdown would read as a link or emphasis. */
const plain = (s: string, max: number): string => headerText(s.replace(/[[\]*_`#>|]/g, ' '), max);
const base = (baseUrl: string): string => baseUrl.replace(/\/+$/, '');

function link(baseUrl: string, milestoneId: string): string {
  return `${base(baseUrl)}/milestones/${encodeURIComponent(milestoneId)}`;
}

function itemLine(i: RobotItem, n: number, baseUrl: string): string {
  const m = i.milestone;
  const what =
    i.kind === 'escalated'
      ? '（升级督办）'
      : i.kind === 'repeated'
        ? `（第${(i.occurrence ?? 0) + 1}次提醒）`
        : '';
  const reason = i.reasons[0] === undefined ? '' : `  \n${plain(i.reasons[0], 80)}`;
  return (
    `${n}. **【${COLOUR_ZH[i.level]}】${ALERT_RULE_LABELS_ZH[i.rule]}**${what} ` +
    `事项${m.taskNo} ${plain(m.taskTitle, 40)} [查看](${link(baseUrl, m.milestoneId)})${reason}`
  );
}

/**
 * The markdown a group robot posts for one run: title with the unit and the worst severity, the count per
 * severity, a line per alert (escalations, new alerts, reminders, as the mail orders them; the worst first) with
 * its link, and a link to the alerts page. Kept under `maxBytes`: alerts that do not fit are counted, not
 * listed ("另有N项").
 */
export function renderRobotMessage(input: RobotMessageInput): RobotMessage {
  const max = input.maxBytes ?? ROBOT_MESSAGE_MAX_BYTES;
  const items = [...input.items].sort(
    (a, b) =>
      KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
      LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] ||
      a.milestone.milestoneId.localeCompare(b.milestone.milestoneId) ||
      a.alertId.localeCompare(b.alertId),
  );
  const worst = items[0]
    ? items.reduce((w, i) => (LEVEL_ORDER[i.level] < LEVEL_ORDER[w] ? i.level : w), items[0].level)
    : 'info';
  const units = plain(input.unitNames.join('、'), 60) || '责任单位';
  const title = `【督办提醒·${COLOUR_ZH[worst]}】${units}：${items.length}项预警`;
  const counts = (['critical', 'warning', 'info'] as const)
    .map((l) => [l, items.filter((i) => i.level === l).length] as const)
    .filter(([, n]) => n > 0)
    .map(([l, n]) => `${COLOUR_ZH[l]}${n}项`)
    .join('、');
  const head = `#### ${title}\n\n截至${input.asOf}（${counts}），请及时处理，并在督办系统中报送进展或确认预警。`;
  const foot = `> [打开督办系统查看全部预警](${base(input.baseUrl)}/alerts)`;
  const lines: string[] = [];
  let size = bytes(head) + bytes(foot) + 4;
  for (const [n, i] of items.entries()) {
    const line = itemLine(i, n + 1, input.baseUrl);
    const left = items.length - n - 1;
    const reserve = left > 0 ? bytes(`……另有${items.length}项未列出\n\n`) : 0;
    if (size + bytes(line) + 2 + reserve > max) {
      lines.push(`……另有${items.length - n}项未列出`);
      break;
    }
    lines.push(line);
    size += bytes(line) + 2;
  }
  return { title, text: [head, ...lines, foot].join('\n\n') };
}
