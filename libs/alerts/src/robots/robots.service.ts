import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { PlanCatalogQueries } from '@app/plans';
import { AlertError } from '../domain/alert.errors';
import { checkRobotWebhook, maskedRobot, robotKey, type RobotKind, type RobotWebhook } from './robot-webhook';
import { SecretBox } from './secret-box';
import { openRobotRow, sealRobot, type RobotRow } from './robot-row';

export interface RobotInput {
  readonly kind: RobotKind;
  readonly url: string;
  readonly secret?: string | null;
}

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
  return { kind: w.kind, key, url, secret, unreadable: false, hint: null };
};

const unreadableView = (kind: RobotKind, key: string): RobotView => ({
  kind,
  key,
  url: null,
  secret: null,
  unreadable: true,
  hint: UNREADABLE_HINT_ZH,
});

async function storedRobots(
  q: Pick<EntityManager, 'query'>,
  box: SecretBox,
  unitId: string,
): Promise<RobotView[]> {
  const rows = await q.query<Pick<RobotRow, 'kind' | 'url' | 'secret' | 'robot_key'>[]>(
    'SELECT kind, url, secret, robot_key FROM alert_robots WHERE unit_id = $1 ORDER BY position, id',
    [unitId],
  );
  return rows.map((r) => {
    const w = openRobotRow(box, r);
    return w === null ? unreadableView(r.kind, r.robot_key) : readableView(w, r.robot_key);
  });
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
    return storedRobots(this.dataSource.manager, this.box, unitId);
  }

  /** Replaces a unit's robots (admin): every entry checked first, then all written in one transaction. */
  async replaceUnit(unitId: string, input: readonly RobotInput[]): Promise<RobotView[]> {
    if (!(await this.catalog.unitExists(unitId))) throw new AlertError('UNIT_NOT_FOUND', { unitId });
    const robots = input.map((r, i) => checkRobotWebhook(r, `robots[${i}]`));
    const urls = robots.map((r) => r.url);
    const twice = urls.findIndex((u, i) => urls.indexOf(u) !== i);
    if (twice >= 0) throw new AlertError('ROBOT_DUPLICATE', undefined, `robots[${twice}].url`);
    await this.dataSource.transaction(async (tx) => {
      await tx.query('DELETE FROM alert_robots WHERE unit_id = $1', [unitId]);
      if (robots.length === 0) return;
      await tx.query(
        `INSERT INTO alert_robots (unit_id, kind, url, robot_key, secret, position)
         SELECT $1, x.kind, x.url, x.robot_key, x.secret, x.position
           FROM jsonb_to_recordset($2::jsonb) AS x(kind text, url text, robot_key text, secret text, position int)`,
        [
          unitId,
          JSON.stringify(
            robots.map((r, position) => ({
              kind: r.kind,
              ...sealRobot(this.box, r),
              robot_key: robotKey(r.kind, r.url),
              position,
            })),
          ),
        ],
      );
    });
    return robots.map((r) => readableView(r, robotKey(r.kind, r.url)));
  }
}
