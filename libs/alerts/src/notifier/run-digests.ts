import { deterministicUuid } from '@app/event-store';
import type { AlertRunCompletedData } from '../domain/alert.events';
import { recipientsFor, type Contact, type Recipient } from '../domain/recipients';
import { buildDigest, type DigestInput, type DigestItem } from '../mail/digest.template';
import { isSafeEmail } from '../mail/mail-safety';

/** What every digest of a run shares. */
export type RunDigestContext = Pick<
  DigestInput,
  'baseUrl' | 'unitNames' | 'replyWorkingDays' | 'holidays'
> & {
  readonly run: AlertRunCompletedData;
  readonly contacts: readonly Contact[];
  /** The domain of MAIL_FROM: Message-IDs are `<alert-digest.<delivery id>@domain>`. */
  readonly mailDomain: string;
  /** Called for a contact whose address cannot be mailed (it is skipped). */
  readonly skipped: (alertId: string) => void;
};

/** A row of the outbox (`alert_deliveries`) as the notifier inserts it. */
export interface DigestDelivery {
  readonly id: string;
  readonly message_id: string;
  readonly run_id: string;
  readonly run_kind: string;
  readonly as_of: string;
  readonly recipient_email: string;
  readonly recipient_name: string;
  readonly subject: string;
  readonly text_body: string;
  readonly html_body: string;
  readonly alert_ids: readonly string[];
}

interface RecipientDigest {
  readonly recipient: Recipient;
  readonly items: DigestItem[];
  readonly units: Set<string>;
  office: boolean;
}

/**
 * One digest per recipient of a run, listing every item that concerns them; nobody concerned, no digest. The office
 * (and escalation contacts) get the digest of everything; a unit's contact, a reminder naming its units. The id is
 * derived from the run and the address, so a replayed run writes the same rows.
 */
export function runDigests(
  items: readonly Omit<DigestItem, 'audiences'>[],
  ctx: RunDigestContext,
): DigestDelivery[] {
  const perRecipient = new Map<string, RecipientDigest>();
  for (const item of items) {
    const m = item.milestone;
    const units = { lead: m.leadUnits, cooperating: m.cooperatingUnits };
    for (const rec of recipientsFor(item.rule, item.kind, units, ctx.contacts)) {
      if (!isSafeEmail(rec.email)) {
        ctx.skipped(item.alertId);
        continue;
      }
      const entry = perRecipient.get(rec.email) ?? {
        recipient: rec,
        items: [],
        units: new Set(),
        office: false,
      };
      entry.items.push({ ...item, audiences: rec.audiences });
      for (const u of rec.units) entry.units.add(u);
      if (rec.audiences.includes('office') || rec.audiences.includes('escalation')) entry.office = true;
      perRecipient.set(rec.email, entry);
    }
  }
  return [...perRecipient.values()].map(({ recipient, items: listed, units, office }) => {
    const digest = buildDigest({
      recipientName: recipient.name,
      recipientUnits: office ? [] : [...units].sort(),
      runKind: ctx.run.kind,
      asOf: ctx.run.asOf,
      items: listed,
      baseUrl: ctx.baseUrl,
      unitNames: ctx.unitNames,
      replyWorkingDays: ctx.replyWorkingDays,
      holidays: ctx.holidays,
    });
    const id = deterministicUuid(`alert-delivery/${ctx.run.runId}/${recipient.email}`);
    return {
      id,
      message_id: `<alert-digest.${id}@${ctx.mailDomain}>`,
      run_id: ctx.run.runId,
      run_kind: ctx.run.kind,
      as_of: ctx.run.asOf,
      recipient_email: recipient.email,
      recipient_name: recipient.name,
      subject: digest.subject,
      text_body: digest.text,
      html_body: digest.html,
      alert_ids: [...new Set(listed.map((i) => i.alertId))],
    };
  });
}
