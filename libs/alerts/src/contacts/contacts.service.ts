import * as fs from 'node:fs';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { parse as parseYaml } from 'yaml';
import { PlanCatalogQueries } from '@app/plans';
import { ALERTS_CONFIG, type AlertsConfig } from '../config/alerts-config';
import { AlertError } from '../domain/alert.errors';
import type { Contact, ContactScope } from '../domain/recipients';
import { headerText, isSafeEmail } from '../mail/mail-safety';
import { checkListTag, contactsTag } from './list-tag';

export interface ContactInput {
  readonly name: string;
  readonly email: string;
}

/** The groups that are not units, as the HTTP API names them. */
export const CONTACT_GROUPS: Readonly<Record<string, ContactScope>> = {
  'supervising-office': 'supervising_office',
  escalation: 'escalation',
};

const SEED_LOCK: [number, number] = [72620112, 2];
/** Serialises the PUTs of contact lists: the If-Match check and the write see the same list. */
const WRITE_LOCK: [number, number] = [72620112, 5];

export async function loadContacts(q: Pick<EntityManager, 'query'>): Promise<Contact[]> {
  const rows = await q.query<{ scope: ContactScope; unit_id: string | null; name: string; email: string }[]>(
    'SELECT scope, unit_id, name, email FROM alert_contacts ORDER BY scope, unit_id, position, id',
  );
  return rows.map((r) => ({ scope: r.scope, unitId: r.unit_id, name: r.name, email: r.email }));
}

interface ContactsFile {
  supervisingOffice?: unknown;
  escalation?: unknown;
  units?: unknown;
}

/** Reads a contacts YAML file into contacts; entries without a usable address are reported and left out. */
export function parseContactsFile(text: string): { contacts: Contact[]; problems: string[] } {
  const doc = (parseYaml(text) ?? {}) as ContactsFile;
  const contacts: Contact[] = [];
  const problems: string[] = [];
  const list = (value: unknown, scope: ContactScope, unitId: string | null, where: string): void => {
    if (value === undefined || value === null) return;
    if (!Array.isArray(value)) {
      problems.push(`${where}: expected a list of { name, email }`);
      return;
    }
    value.forEach((v: unknown, i) => {
      const c = v as { name?: unknown; email?: unknown };
      if (typeof c?.email !== 'string' || !isSafeEmail(c.email.trim())) {
        problems.push(`${where}[${i}]: not a usable e-mail address`);
        return;
      }
      const name = typeof c.name === 'string' ? c.name : c.email;
      contacts.push({ scope, unitId, name, email: c.email.trim() });
    });
  };
  list(doc.supervisingOffice, 'supervising_office', null, 'supervisingOffice');
  list(doc.escalation, 'escalation', null, 'escalation');
  if (doc.units !== undefined && doc.units !== null) {
    if (typeof doc.units !== 'object' || Array.isArray(doc.units)) problems.push('units: expected a map');
    else for (const [unit, v] of Object.entries(doc.units)) list(v, 'unit', unit, `units.${unit}`);
  }
  return { contacts, problems };
}

/**
 * Recipients: contacts per unit, the supervising office (督查室) and the escalation contacts. Loaded from the
 * contacts file at start while there are none; then managed over HTTP.
 */
@Injectable()
export class ContactsService implements OnApplicationBootstrap {
  private readonly log = new Logger('AlertContacts');

  constructor(
    private readonly dataSource: DataSource,
    private readonly catalog: PlanCatalogQueries,
    @Inject(ALERTS_CONFIG) private readonly config: AlertsConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const file = this.config.contactsFile;
    if (file === undefined) return;
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      this.log.warn(`contacts file ${file} not read: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    const { contacts, problems } = parseContactsFile(text);
    for (const p of problems) this.log.warn(`${file}: ${p}`);
    const loaded = await this.dataSource.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1, $2)', SEED_LOCK);
      const rows = await tx.query<{ n: string }[]>('SELECT count(*) AS n FROM alert_contacts');
      if (Number(rows[0]?.n ?? 0) > 0) return 0;
      await this.insert(tx, contacts);
      return contacts.length;
    });
    if (loaded > 0) this.log.log(`loaded ${loaded} alert contacts from ${file}`);
  }

  private async insert(tx: Pick<EntityManager, 'query'>, contacts: readonly Contact[]): Promise<void> {
    if (contacts.length === 0) return;
    await tx.query(
      `INSERT INTO alert_contacts (scope, unit_id, name, email, position)
       SELECT x.scope, x.unit_id, x.name, x.email, x.position
         FROM jsonb_to_recordset($1::jsonb) AS x(scope text, unit_id text, name text, email text, position int)
       ON CONFLICT DO NOTHING`,
      [JSON.stringify(contacts.map((c, position) => ({ ...c, unit_id: c.unitId, position })))],
    );
  }

  async list(): Promise<Contact[]> {
    return loadContacts(this.dataSource.manager);
  }

  async ofUnit(unitId: string): Promise<Contact[]> {
    if (!(await this.catalog.unitExists(unitId))) throw new AlertError('UNIT_NOT_FOUND', { unitId });
    return (await this.list()).filter((c) => c.scope === 'unit' && c.unitId === unitId);
  }

  async ofGroup(group: string): Promise<Contact[]> {
    const scope = CONTACT_GROUPS[group];
    if (!scope) throw new AlertError('CONTACT_GROUP_UNKNOWN', { group });
    return (await this.list()).filter((c) => c.scope === scope);
  }

  /** Replaces a unit's contacts (admin); `ifMatch`: the list's tag as loaded (`checkListTag`). */
  async replaceUnit(unitId: string, input: readonly ContactInput[], ifMatch?: string): Promise<Contact[]> {
    if (!(await this.catalog.unitExists(unitId))) throw new AlertError('UNIT_NOT_FOUND', { unitId });
    return this.replace('unit', unitId, input, ifMatch);
  }

  /** Replaces the supervising office's or the escalation contacts (admin). */
  async replaceGroup(group: string, input: readonly ContactInput[], ifMatch?: string): Promise<Contact[]> {
    const scope = CONTACT_GROUPS[group];
    if (!scope) throw new AlertError('CONTACT_GROUP_UNKNOWN', { group }, 'group');
    return this.replace(scope, null, input, ifMatch);
  }

  private async replace(
    scope: ContactScope,
    unitId: string | null,
    input: readonly ContactInput[],
    ifMatch: string | undefined,
  ): Promise<Contact[]> {
    const contacts: Contact[] = input.map((c) => ({
      scope,
      unitId,
      name: headerText(c.name, 100),
      email: c.email.trim(),
    }));
    const emails = contacts.map((c) => c.email.toLowerCase());
    if (new Set(emails).size !== emails.length) throw new AlertError('CONTACT_EMAIL_DUPLICATE');
    await this.dataSource.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1, $2)', WRITE_LOCK);
      const current = (await loadContacts(tx)).filter((c) => c.scope === scope && c.unitId === unitId);
      checkListTag(ifMatch, contactsTag(current), contactsTag(contacts));
      await tx.query('DELETE FROM alert_contacts WHERE scope = $1 AND unit_id IS NOT DISTINCT FROM $2', [
        scope,
        unitId,
      ]);
      await this.insert(tx, contacts);
    });
    return contacts;
  }
}
