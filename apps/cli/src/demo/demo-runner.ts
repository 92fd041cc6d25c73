import { type Actor, deterministicUuid } from '@app/event-store';
import { DEMO_SIMULATOR_SYSTEM, type MilestoneCommand } from '@app/milestones';
import type { IsoDate } from '@app/platform';
import type { DemoAction, DemoScript } from './demo-scenario';

export interface DemoExecuteOptions {
  readonly actor: Actor;
  /** Derived from the seed and the action: event ids derive from it, so a second run writes nothing. */
  readonly idempotencyKey: string;
  readonly correlationId: string;
}

/** How the runner reaches the service: the real command path, and the alert scan. */
export interface DemoPorts {
  /** Runs one milestone command through the CommandBus (domain rules included); returns the position. */
  execute(milestoneId: string, command: MilestoneCommand, options: DemoExecuteOptions): Promise<number>;
  /**
   * Scans the alert rules as of a month end (`POST /api/v1/alerts:scan`). `unavailable` when the service has
   * no alert scan: the runner then stops calling it and says so.
   */
  scan(asOf: IsoDate): Promise<'ok' | 'unavailable'>;
  /** Progress for the terminal. */
  progress?(done: number, total: number, month: IsoDate | null): void;
}

export interface DemoRunResult {
  readonly commands: number;
  readonly scans: number;
  readonly scansUnavailable: boolean;
  /** The last position written (X-Min-Position for the first page). */
  readonly position: number;
}

/** The actor stamped on the events: no real token, a name that says 模拟数据, the role and unit that act. */
export function demoActor(action: DemoAction, unitNames: ReadonlyMap<string, string>): Actor {
  const { role, unit } = action.actor;
  const who =
    role === 'supervisor' ? '督查室（市发展改革局）' : `${unitNames.get(unit ?? '') ?? unit ?? ''}填报员`;
  return {
    system: DEMO_SIMULATOR_SYSTEM,
    tokenName: `模拟数据·${who}`,
    role,
    ...(unit ? { unit } : {}),
  };
}

/**
 * Plays a demo script: each action in filing order through the command path, and an alert scan at the end
 * of every month once everything filed by then is in. Re-running the same script writes nothing new
 * (idempotency keys and event ids derive from the seed and the action).
 */
export async function runDemoScript(
  script: DemoScript,
  ports: DemoPorts,
  unitNames: ReadonlyMap<string, string>,
): Promise<DemoRunResult> {
  let position = 0;
  let scans = 0;
  let scansUnavailable = false;
  let nextMonth = 0;
  const scanThrough = async (day: IsoDate): Promise<void> => {
    while (nextMonth < script.monthEnds.length && script.monthEnds[nextMonth]! < day) {
      const asOf = script.monthEnds[nextMonth]!;
      nextMonth++;
      if (scansUnavailable) continue;
      if ((await ports.scan(asOf)) === 'unavailable') scansUnavailable = true;
      else scans++;
    }
  };
  let done = 0;
  for (const action of script.actions) {
    // fileAt carries the plan zone's offset (+08:00): its first ten characters are the plan-calendar day.
    await scanThrough(action.fileAt.slice(0, 10));
    const command = { ...action.command, actor: action.actor } as MilestoneCommand;
    const key = `demo/${script.seed}/${action.key}`;
    position = Math.max(
      position,
      await ports.execute(action.milestoneId, command, {
        actor: demoActor(action, unitNames),
        idempotencyKey: key,
        correlationId: deterministicUuid(`${key}/correlation`),
      }),
    );
    done++;
    if (done % 50 === 0 || done === script.actions.length) {
      ports.progress?.(done, script.actions.length, script.monthEnds[nextMonth] ?? null);
    }
  }
  await scanThrough('9999-12-31');
  return { commands: done, scans, scansUnavailable, position };
}
