import { Injectable, Logger } from '@nestjs/common';
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

/**
 * A robot as the API shows it: token and secret masked. `unreadable`: its stored webhook cannot be decrypted
 * (SECRETS_KEY changed or lost): no URL shown, nothing sent to it until the unit's robots are entered again.
 */
export type RobotView = ReturnType<typeof maskedRobot> & { readonly unreadable?: true };

/** Every unit's robots, as the notifier addresses them. */
export interface UnitRobot extends RobotWebhook {
  readonly unitId: string;
  /** `<kind>:<hash of the URL>`: the outbox's recipient of its messages. */
  readonly key: string;
}

/** A robot whose stored webhook or secret cannot be decrypted. */
export interface UnreadableRobot {
  readonly unitId: string;
  readonly kind: RobotKind;
  readonly key: string;
  readonly unreadable: true;
}

const log = new Logger('AlertRobots');

async function storedRobots(
  q: Pick<EntityManager, 'query'>,
  box: SecretBox,
): Promise<(UnitRobot | UnreadableRobot)[]> {
  const rows = await q.query<RobotRow[]>(
    'SELECT id, unit_id, kind, url, secret, robot_key FROM alert_robots ORDER BY unit_id, position, id',
  );
  return rows.map((r) => {
    const w = openRobotRow(box, r);
    const at = { unitId: r.unit_id, kind: r.kind, key: r.robot_key };
    return w === null ? { ...at, unreadable: true as const } : { ...at, url: w.url, secret: w.secret };
  });
}

/** The robots that can be addressed; each one whose webhook cannot be decrypted is skipped with a warning. */
export async function loadRobots(q: Pick<EntityManager, 'query'>, box: SecretBox): Promise<UnitRobot[]> {
  const robots = await storedRobots(q, box);
  for (const r of robots) {
    if ('unreadable' in r) {
      log.warn(`robot ${r.key} of unit ${r.unitId} skipped: its webhook cannot be decrypted (SECRETS_KEY?)`);
    }
  }
  return robots.filter((r): r is UnitRobot => !('unreadable' in r));
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
    return (await storedRobots(this.dataSource.manager, this.box))
      .filter((r) => r.unitId === unitId)
      .map((r) =>
        'unreadable' in r
          ? { kind: r.kind, url: '', secret: null, unreadable: true as const }
          : maskedRobot(r),
      );
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
    return robots.map(maskedRobot);
  }
}
