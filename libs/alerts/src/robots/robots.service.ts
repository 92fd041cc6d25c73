import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { PlanCatalogQueries } from '@app/plans';
import { AlertError } from '../domain/alert.errors';
import { checkRobotWebhook, maskedRobot, robotKey, type RobotKind, type RobotWebhook } from './robot-webhook';

export interface RobotInput {
  readonly kind: RobotKind;
  readonly url: string;
  readonly secret?: string | null;
}

/** A robot as the API shows it: token and secret masked. */
export type RobotView = ReturnType<typeof maskedRobot>;

/** Every unit's robots, as the notifier addresses them. */
export interface UnitRobot extends RobotWebhook {
  readonly unitId: string;
  /** `<kind>:<hash of the URL>`: the outbox's recipient of its messages. */
  readonly key: string;
}

export async function loadRobots(q: Pick<EntityManager, 'query'>): Promise<UnitRobot[]> {
  const rows = await q.query<
    { unit_id: string; kind: RobotKind; url: string; secret: string | null; robot_key: string }[]
  >('SELECT unit_id, kind, url, secret, robot_key FROM alert_robots ORDER BY unit_id, position, id');
  return rows.map((r) => ({
    unitId: r.unit_id,
    kind: r.kind,
    url: r.url,
    secret: r.secret,
    key: r.robot_key,
  }));
}

/** 钉钉 / 企业微信 group robots per unit: an alert that goes to a unit's contacts also goes to its robots. */
@Injectable()
export class RobotsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly catalog: PlanCatalogQueries,
  ) {}

  async ofUnit(unitId: string): Promise<RobotView[]> {
    if (!(await this.catalog.unitExists(unitId))) throw new AlertError('UNIT_NOT_FOUND', { unitId });
    return (await loadRobots(this.dataSource.manager)).filter((r) => r.unitId === unitId).map(maskedRobot);
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
            robots.map((r, position) => ({ ...r, robot_key: robotKey(r.kind, r.url), position })),
          ),
        ],
      );
    });
    return robots.map(maskedRobot);
  }
}
