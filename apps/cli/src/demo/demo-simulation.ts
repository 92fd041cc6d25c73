import type { INestApplicationContext } from '@nestjs/common';
import type { PlanCatalogQueries } from '@app/plans';
import { loadDemoCatalog, type DemoCatalog } from './demo-catalog';
import { say, warn } from './demo-output';
import { type DemoState, writeDemoState } from './demo-state';
import { httpAlertScan, playDemo } from './play-demo';

/** The plan catalogue, once the service has imported the seed plan (at most 2 minutes). */
export async function waitForCatalog(catalog: PlanCatalogQueries): Promise<DemoCatalog> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      const c = await loadDemoCatalog(catalog);
      if (c.milestones.length > 0) return c;
    } catch {
      // the seed plan is still being imported
    }
    if (Date.now() > deadline) throw new Error('the plan catalogue stayed empty for 2 minutes');
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Plays the simulated history and marks the state complete. */
export async function simulate(
  ctx: INestApplicationContext,
  seed: string,
  catalog: DemoCatalog,
  baseUrl: string,
  state: DemoState,
  stateFile: string,
): Promise<void> {
  const supervisor = state.logins.find((l) => l.role === 'supervisor')!;
  say(`生成模拟历史（种子 "${seed}"）：${catalog.milestones.length} 个里程碑，按月填报、核验与月末预警扫描…`);
  const started = Date.now();
  const { result } = await playDemo(ctx, {
    seed,
    catalog,
    scan: httpAlertScan(baseUrl, supervisor.token, (line) => warn(`警告：${line}`)),
    progress: (done, total, month) =>
      process.stderr.write(
        `  ${done}/${total} 条${month ? `（${month.slice(0, 7)}）` : ''}，${Math.round((Date.now() - started) / 1000)} 秒\n`,
      ),
  });
  Object.assign(state, {
    complete: true,
    commands: result.commands,
    scans: result.scans,
    scansUnavailable: result.scansUnavailable,
    finishedAt: new Date().toISOString(),
  });
  writeDemoState(stateFile, state);
  say(
    `完成：${result.commands} 条命令，${result.scans} 次预警扫描，用时 ${Math.round((Date.now() - started) / 1000)} 秒。`,
  );
}
