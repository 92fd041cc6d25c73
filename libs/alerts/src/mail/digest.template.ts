import type { IsoDate } from '@app/platform';
import { headerText, bodyText } from './mail-safety';
import { buildNotice, type Notice, type NoticeSource } from './notice';
import { noticeSubject } from './notice-wording';
import { noticeText } from './notice-text';
import { noticeHtml } from './notice-html';

export { milestoneLink } from './notice';

/** One alert as a digest lists it (the notifier reads it from the alert events). */
export type DigestItem = NoticeSource;

export interface DigestInput {
  readonly recipientName: string;
  /**
   * The recipient's units (unit contacts): a reminder naming them. Empty (the 督查室, escalation contacts):
   * the office's digest of every alert of the run.
   */
  readonly recipientUnits: readonly string[];
  readonly runKind: 'scan' | 'events';
  readonly asOf: IsoDate;
  readonly items: readonly DigestItem[];
  /** BASE_URL: links go to `${baseUrl}/milestones/<id>` (the dashboard's milestone page). */
  readonly baseUrl: string;
  /** Unit id → name. */
  readonly unitNames: ReadonlyMap<string, string>;
  /** The reply window (ALERT_REPLY_WORKING_DAYS) and the holidays it skips (HOLIDAYS). */
  readonly replyWorkingDays: number;
  readonly holidays: readonly IsoDate[];
}

export interface Digest {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** The view the mail was rendered from (another channel may render it too). */
  readonly notice: Notice;
}

/** The notice of one recipient for one run. */
export function digestNotice(input: DigestInput): Notice {
  return buildNotice({
    scope: input.recipientUnits.length > 0 ? 'unit' : 'office',
    runKind: input.runKind,
    recipientName: headerText(input.recipientName, 100),
    unitZh: input.recipientUnits.map((id) => input.unitNames.get(id) ?? id).join('、'),
    asOf: input.asOf,
    replyWorkingDays: input.replyWorkingDays,
    holidays: input.holidays,
    baseUrl: input.baseUrl,
    unitNames: input.unitNames,
    sources: input.items,
  });
}

/** One digest mail (zh-CN, text and HTML) listing every alert of a run for one recipient. */
export function buildDigest(input: DigestInput): Digest {
  const notice = digestNotice(input);
  const subject = headerText(noticeSubject(notice));
  return { subject, text: bodyText(noticeText(notice)), html: noticeHtml(notice, subject), notice };
}
