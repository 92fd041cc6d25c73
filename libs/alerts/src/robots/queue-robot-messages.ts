import type { EntityManager } from 'typeorm';
import { deterministicUuid } from '@app/event-store';
import type { AlertRunCompletedData } from '../domain/alert.events';
import { recipientsFor, type Contact } from '../domain/recipients';
import { renderRobotMessage, type RobotItem } from './robot-message';
import type { RobotRow } from './robot-row';
import { ROBOT_KIND_LABELS_ZH, type RobotKind } from './robot-webhook';

/**
 * The robots' share of a completed run, in the notifier's transaction: one message per group robot listing the
 * run's alerts that concern the units it serves (who hears what is `recipientsFor`'s rule, as for the units'
 * mail contacts), into the same outbox (`alert_deliveries`, channel `dingtalk` / `wecom`). The row's id comes
 * from the run and the robot's key, so a run told again queues nothing new. Returns how many were queued.
 * Nothing is decrypted here: a robot whose webhook does not open (wrong SECRETS_KEY) still gets its message
 * queued, and the sender fails that delivery visibly (retries, dead letter) until the key is right.
 */
export async function queueRobotMessages(
  tx: Pick<EntityManager, 'query'>,
  p: {
    readonly run: AlertRunCompletedData;
    readonly items: readonly RobotItem[];
    readonly unitNames: ReadonlyMap<string, string>;
    readonly baseUrl: string;
  },
): Promise<number> {
  const robots = await unitRobots(tx);
  if (robots.length === 0 || p.items.length === 0) return 0;
  const contacts: Contact[] = robots.map((r) => ({
    scope: 'unit',
    unitId: r.unitId,
    name: r.key,
    email: r.key,
  }));
  const kindOf = new Map(robots.map((r) => [r.key, r.kind]));
  const perRobot = new Map<string, { items: RobotItem[]; units: Set<string> }>();
  for (const item of p.items) {
    const m = item.milestone;
    for (const rec of recipientsFor(
      item.rule,
      item.kind,
      { lead: m.leadUnits, cooperating: m.cooperatingUnits },
      contacts,
    )) {
      const entry = perRobot.get(rec.email) ?? { items: [], units: new Set<string>() };
      entry.items.push(item);
      for (const u of rec.units) entry.units.add(u);
      perRobot.set(rec.email, entry);
    }
  }
  const rows = [...perRobot.entries()].map(([key, { items, units }]) => {
    const kind = kindOf.get(key)!;
    const names = [...units].sort().map((u) => p.unitNames.get(u) ?? u);
    const message = renderRobotMessage({ unitNames: names, asOf: p.run.asOf, items, baseUrl: p.baseUrl });
    const id = deterministicUuid(`alert-robot-delivery/${p.run.runId}/${key}`);
    return {
      id,
      message_id: `robot-message.${id}`,
      channel: kind,
      run_id: p.run.runId,
      run_kind: p.run.kind,
      as_of: p.run.asOf,
      recipient_email: key,
      recipient_name: `${names.join('、')} ${ROBOT_KIND_LABELS_ZH[kind]}`,
      subject: message.title,
      text_body: message.text,
      alert_ids: [...new Set(items.map((i) => i.alertId))],
    };
  });
  if (rows.length === 0) return 0;
  await tx.query(
    `INSERT INTO alert_deliveries (id, message_id, channel, run_id, run_kind, as_of, recipient_email, recipient_name,
                                   subject, text_body, html_body, alert_ids, state, attempts, next_attempt_at, created_at)
     SELECT x.id, x.message_id, x.channel, x.run_id, x.run_kind, x.as_of::date, x.recipient_email, x.recipient_name,
            x.subject, x.text_body, '', ARRAY(SELECT jsonb_array_elements_text(x.alert_ids)),
            'pending', 0, now(), now()
       FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, message_id text, channel text, run_id text, run_kind text,
            as_of text, recipient_email text, recipient_name text, subject text, text_body text, alert_ids jsonb)
     ON CONFLICT (id) DO NOTHING`,
    [JSON.stringify(rows)],
  );
  return rows.length;
}

/** Every unit's robots as the outbox addresses them (unit, kind, key): the webhooks stay sealed. */
async function unitRobots(
  q: Pick<EntityManager, 'query'>,
): Promise<{ unitId: string; kind: RobotKind; key: string }[]> {
  const rows = await q.query<Pick<RobotRow, 'unit_id' | 'kind' | 'robot_key'>[]>(
    'SELECT unit_id, kind, robot_key FROM alert_robots ORDER BY unit_id, position, id',
  );
  return rows.map((r) => ({ unitId: r.unit_id, kind: r.kind, key: r.robot_key }));
}
