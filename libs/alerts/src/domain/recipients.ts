import { RULES, type AlertRule } from './rules';

export const CONTACT_SCOPES = ['unit', 'supervising_office', 'escalation'] as const;
export type ContactScope = (typeof CONTACT_SCOPES)[number];

export interface Contact {
  readonly scope: ContactScope;
  /** For `unit` contacts: the unit id. */
  readonly unitId: string | null;
  readonly name: string;
  readonly email: string;
}

/** Why someone receives an alert. */
export const AUDIENCES = ['lead', 'cooperating', 'office', 'escalation'] as const;
export type Audience = (typeof AUDIENCES)[number];

export const AUDIENCE_LABELS_ZH: { readonly [A in Audience]: string } = {
  lead: '牵头单位',
  cooperating: '配合单位',
  office: '督查室',
  escalation: '升级督办联系人',
};

/** What is being told: a new alert, its weekly repeat, or its escalation. */
export type NotificationKind = 'raised' | 'repeated' | 'escalated';

/**
 * Who hears about what. Lead units (of the assignment, when the milestone has several): everything about their
 * share. Cooperating units and the supervising office: what each rule copies them on (`copies`: delays and
 * forecast slips; overdue and the plan itself slipping), and the office every escalation. Escalation contacts:
 * escalations.
 */
export function audiencesFor(rule: AlertRule, kind: NotificationKind): Audience[] {
  const { copies } = RULES[rule];
  const out: Audience[] = ['lead'];
  if (copies.cooperating) out.push('cooperating');
  if (kind === 'escalated' || copies.office) out.push('office');
  if (kind === 'escalated') out.push('escalation');
  return out;
}

export interface Recipient {
  /** Lower-case address: one digest per address per run. */
  readonly email: string;
  readonly name: string;
  readonly audiences: readonly Audience[];
  /** The units (of this alert) the recipient is a contact of. */
  readonly units: readonly string[];
}

/** The recipients of one notification, from the contacts: each address once, with every reason it applies. */
export function recipientsFor(
  rule: AlertRule,
  kind: NotificationKind,
  units: { readonly lead: readonly string[]; readonly cooperating: readonly string[] },
  contacts: readonly Contact[],
): Recipient[] {
  const wanted = audiencesFor(rule, kind);
  const byEmail = new Map<string, { name: string; audiences: Set<Audience>; units: Set<string> }>();
  const add = (c: Contact, a: Audience): void => {
    const email = c.email.toLowerCase();
    const r = byEmail.get(email) ?? {
      name: c.name,
      audiences: new Set<Audience>(),
      units: new Set<string>(),
    };
    r.audiences.add(a);
    if (c.unitId !== null) r.units.add(c.unitId);
    byEmail.set(email, r);
  };
  for (const c of contacts) {
    if (c.scope === 'unit' && c.unitId !== null) {
      if (wanted.includes('lead') && units.lead.includes(c.unitId)) add(c, 'lead');
      if (wanted.includes('cooperating') && units.cooperating.includes(c.unitId)) add(c, 'cooperating');
    } else if (c.scope === 'supervising_office' && wanted.includes('office')) add(c, 'office');
    else if (c.scope === 'escalation' && wanted.includes('escalation')) add(c, 'escalation');
  }
  return [...byEmail.entries()]
    .map(([email, r]) => ({
      email,
      name: r.name,
      audiences: AUDIENCES.filter((a) => r.audiences.has(a)),
      units: [...r.units].sort(),
    }))
    .sort((a, b) => a.email.localeCompare(b.email));
}
