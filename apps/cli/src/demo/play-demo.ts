import type { INestApplicationContext } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ExecuteMilestoneCommand, type MilestoneCommandResult } from '@app/milestones';
import { PlanCatalogQueries } from '@app/plans';
import { loadDemoCatalog, type DemoCatalog } from './demo-catalog';
import { runDemoScript, type DemoPorts, type DemoRunResult } from './demo-runner';
import { buildDemoScript, type DemoScript } from './demo-scenario';

export interface PlayDemoOptions {
  readonly seed: string;
  readonly scan: DemoPorts['scan'];
  readonly progress?: DemoPorts['progress'];
  /** The catalogue, when the caller already loaded it. */
  readonly catalog?: DemoCatalog;
}

/** Builds the script from the catalogue and plays it through the CommandBus of `ctx` (an app or a context). */
export async function playDemo(
  ctx: INestApplicationContext,
  opts: PlayDemoOptions,
): Promise<{ script: DemoScript; result: DemoRunResult; catalog: DemoCatalog }> {
  const catalog = opts.catalog ?? (await loadDemoCatalog(ctx.get(PlanCatalogQueries)));
  const script = buildDemoScript(opts.seed, catalog.milestones);
  const bus = ctx.get(CommandBus);
  const result = await runDemoScript(
    script,
    {
      execute: async (milestoneId, command, options) =>
        (
          await bus.execute<ExecuteMilestoneCommand, MilestoneCommandResult>(
            new ExecuteMilestoneCommand(milestoneId, command, options),
          )
        ).position,
      scan: opts.scan,
      ...(opts.progress ? { progress: opts.progress } : {}),
    },
    catalog.unitNames,
  );
  return { script, result, catalog };
}

/** `POST /api/v1/alerts:scan` with a supervisor's (or admin's) token; `unavailable` when the route is missing. */
export function httpAlertScan(
  baseUrl: string,
  token: string,
  onError?: (line: string) => void,
): DemoPorts['scan'] {
  let warned = false;
  return async (asOf) => {
    const res = await fetch(`${baseUrl}/api/v1/alerts:scan`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ asOf }),
      signal: AbortSignal.timeout(120_000),
    });
    if (res.status === 404 || res.status === 405) return 'unavailable';
    if (!res.ok && !warned) {
      warned = true;
      onError?.(`预警扫描 ${asOf} 返回 ${res.status}：${(await res.text()).slice(0, 300)}`);
    }
    return 'ok';
  };
}
