import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@app/platform';
import { openRobotRow, type RobotRow, sealRobot } from './robot-row';
import { SecretBox } from './secret-box';

const RESEAL_LOCK: [number, number] = [72620112, 3];

export interface ResealResult {
  /** Rows rewritten under the current key (plain text before, or a previous key). */
  readonly resealed: number;
  /** Rows that do not open with any key known: left as they are (robot key and unit, never the value). */
  readonly unreadable: readonly { readonly unitId: string; readonly key: string }[];
  /** Rows that would have been rewritten but were left as they are, because some row does not open. */
  readonly held: number;
}

/**
 * Rewrites every robot's URL and secret stored in plain text (before encryption) or under a previous key
 * (SECRETS_KEY_PREVIOUS) under the current key, in one transaction (rows locked, one at a time across processes).
 * Idempotent: a second call finds nothing to do. A row under an unknown key is left alone, and then so is every
 * other: it may mean this process has the wrong key, and sealing the others under it would lock out the processes
 * that have the right one.
 */
export async function resealRobots(dataSource: DataSource, box: SecretBox): Promise<ResealResult> {
  return dataSource.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1, $2)', RESEAL_LOCK);
    const rows = await tx.query<RobotRow[]>(
      'SELECT id, unit_id, kind, url, secret, robot_key FROM alert_robots ORDER BY id FOR UPDATE',
    );
    const updates: { id: string; url: string; secret: string | null }[] = [];
    const unreadable: { unitId: string; key: string }[] = [];
    for (const r of rows) {
      const states = [r.url, ...(r.secret === null ? [] : [r.secret])].map((v) => box.state(v));
      if (states.every((s) => s === 'current')) continue;
      const w = openRobotRow(box, r);
      if (w === null) unreadable.push({ unitId: r.unit_id, key: r.robot_key });
      else updates.push({ id: r.id, ...sealRobot(box, w) });
    }
    if (unreadable.length > 0) return { resealed: 0, unreadable, held: updates.length };
    if (updates.length > 0) {
      await tx.query(
        `UPDATE alert_robots AS a SET url = x.url, secret = x.secret
           FROM jsonb_to_recordset($1::jsonb) AS x(id bigint, url text, secret text)
          WHERE a.id = x.id`,
        [JSON.stringify(updates)],
      );
    }
    return { resealed: updates.length, unreadable, held: 0 };
  });
}

/** At every start of the service's processes (`upkeep`): the robots' credentials under the current key (see `resealRobots`). */
@Injectable()
export class ResealRobotsOnStart implements OnApplicationBootstrap {
  private readonly log = new Logger('AlertRobots');

  constructor(
    private readonly dataSource: DataSource,
    private readonly box: SecretBox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.upkeep) return;
    let r: ResealResult;
    try {
      r = await resealRobots(this.dataSource, this.box);
    } catch (e) {
      // Not a reason to stay down: the values are read as they are, and the next start tries again.
      this.log.warn(
        `robot webhooks not re-encrypted (${e instanceof Error ? e.message : String(e)}): next start`,
      );
      return;
    }
    if (r.held > 0)
      this.log.warn(
        `${r.held} robot webhooks left as they are (plain text or a previous key) while some cannot be decrypted: ` +
          'check SECRETS_KEY, or enter the unreadable robots again',
      );
    if (r.resealed > 0)
      this.log.log(`${r.resealed} robot webhooks encrypted under key ${this.box.current.id}`);
    for (const u of r.unreadable) {
      this.log.warn(
        `robot ${u.key} of unit ${u.unitId}: its webhook cannot be decrypted with SECRETS_KEY or ` +
          'SECRETS_KEY_PREVIOUS: enter the unit’s robots again',
      );
    }
  }
}
