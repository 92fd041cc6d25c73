import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PlanCatalogQueries } from '@app/plans';
import { checkListTag, robotsTag, withSecretPrint } from '../contacts/list-tag';
import { AlertError } from '../domain/alert.errors';
import { type PlannedRobot, planRobots, type RobotEntry, type StoredRobot } from './robot-list';
import { openRobotRow, sealRobot } from './robot-row';
import { maskedRobot, type RobotKind, type RobotWebhook } from './robot-webhook';
import { SecretBox } from './secret-box';

/** What the list says to do about a robot whose stored webhook cannot be decrypted (shown as it is, in Chinese). */
const UNREADABLE_HINT_ZH =
  '该机器人的 webhook 无法解密（SECRETS_KEY 已更换或丢失），消息发送失败：请重新填写该单位的机器人';

/**
 * A robot as the API shows it: token and secret masked; `key` names it as the outbox (a delivery's recipient) and
 * the logs do, never its token. `unreadable`: its stored webhook cannot be decrypted (SECRETS_KEY changed or lost):
 * no URL (`null`, never the ciphertext), a `hint`; its messages are still queued, and each delivery fails
 * (retried, then dead-lettered) until the right key is back or the unit's robots are entered again.
 */
export interface RobotView {
  readonly kind: RobotKind;
  readonly key: string;
  readonly url: string | null;
  readonly secret: string | null;
  readonly unreadable: boolean;
  readonly hint: string | null;
}

const readableView = (w: RobotWebhook, key: string): RobotView => {
  const { url, secret } = maskedRobot(w);
  return withSecretPrint({ kind: w.kind, key, url, secret, unreadable: false, hint: null }, w.secret);
};

const unreadableView = (kind: RobotKind, key: string): RobotView => ({
  kind,
  key,
  url: null,
  secret: null,
  unreadable: true,
  hint: UNREADABLE_HINT_ZH,
});

const viewOfStored = (box: SecretBox, r: StoredRobot): RobotView => {
  const w = openRobotRow(box, r);
  return w === null ? unreadableView(r.kind, r.robot_key) : readableView(w, r.robot_key);
};

const viewOf = (box: SecretBox, p: PlannedRobot): RobotView =>
  'kept' in p ? viewOfStored(box, p.kept) : readableView(p.webhook, p.key);

/** Whether a stored value is under a previous key or plain text: what the start's re-encryption rewrites. */
const stale = (box: SecretBox, r: StoredRobot): boolean =>
  [r.url, ...(r.secret === null ? [] : [r.secret])].some((v) => ['previous', 'plain'].includes(box.state(v)));

/**
 * The columns a planned robot is written with: a given webhook sealed; a kept one as stored, but re-sealed under
 * the current key when it is under a previous one or plain (a save must not undo a rotation's re-encryption that
 * ran meanwhile), and an unreadable one left as it is.
 */
const rowOf = (box: SecretBox, p: PlannedRobot, position: number) => {
  if (!('kept' in p))
    return { kind: p.webhook.kind, ...sealRobot(box, p.webhook), robot_key: p.key, position };
  const w = stale(box, p.kept) ? openRobotRow(box, p.kept) : null;
  return w === null ? { ...p.kept, position } : { ...p.kept, ...sealRobot(box, w), position };
};

const STORED_SQL =
  'SELECT kind, url, secret, robot_key FROM alert_robots WHERE unit_id = $1 ORDER BY position, id';

/** Serialises the writes of robot lists (a retried PUT racing its first try must not fail on the unique key). */
const WRITE_LOCK: [number, number] = [72620112, 4];

/** `planRobots`; a key the editor loaded that is gone since (its If-Match stale) is the list having changed. */
function plan(stored: readonly StoredRobot[], input: readonly RobotEntry[], ifMatch?: string, now?: string) {
  try {
    return planRobots(stored, input);
  } catch (e) {
    const gone = e instanceof AlertError && e.code === 'ROBOT_KEY_UNKNOWN';
    if (gone && ifMatch !== undefined) checkListTag(ifMatch, now ?? '', '');
    throw e;
  }
}

/** 钉钉 / 企业微信 group robots per unit: an alert that goes to a unit's contacts also goes to its robots. */
@Injectable()
export class RobotsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly catalog: PlanCatalogQueries,
    private readonly box: SecretBox,
  ) {}

  async ofUnit(unitId: string): Promise<RobotView[]> {
    if (!(await this.catalog.unitExists(unitId))) throw new AlertError('UNIT_NOT_FOUND', { unitId });
    const rows = await this.dataSource.query<StoredRobot[]>(STORED_SQL, [unitId]);
    return rows.map((r) => viewOfStored(this.box, r));
  }

  /**
   * Replaces a unit's robots (admin) in one transaction: an entry `{ key }` keeps that stored robot as it is
   * stored, one with a webhook is sealed anew; every entry checked first (`planRobots`). The same body twice
   * leaves the same list. `ifMatch`: the list's tag as loaded (`checkListTag`), checked under the write lock.
   */
  async replaceUnit(unitId: string, input: readonly RobotEntry[], ifMatch?: string): Promise<RobotView[]> {
    if (!(await this.catalog.unitExists(unitId))) throw new AlertError('UNIT_NOT_FOUND', { unitId });
    const planned = await this.dataSource.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1, $2)', WRITE_LOCK);
      const stored = await tx.query<StoredRobot[]>(STORED_SQL, [unitId]);
      const now = ifMatch === undefined ? '' : robotsTag(stored.map((r) => viewOfStored(this.box, r)));
      const robots = plan(stored, input, ifMatch, now);
      if (ifMatch !== undefined)
        checkListTag(ifMatch, now, robotsTag(robots.map((p) => viewOf(this.box, p))));
      await tx.query('DELETE FROM alert_robots WHERE unit_id = $1', [unitId]);
      if (robots.length === 0) return robots;
      await tx.query(
        `INSERT INTO alert_robots (unit_id, kind, url, robot_key, secret, position)
         SELECT $1, x.kind, x.url, x.robot_key, x.secret, x.position
           FROM jsonb_to_recordset($2::jsonb) AS x(kind text, url text, robot_key text, secret text, position int)`,
        [unitId, JSON.stringify(robots.map((r, i) => rowOf(this.box, r, i)))],
      );
      return robots;
    });
    return planned.map((p) => viewOf(this.box, p));
  }
}
