import type { Role, TokenService } from '@app/access';
import { DEMO_SIMULATOR_SYSTEM } from '@app/milestones';
import type { PlanCatalogQueries } from '@app/plans';
import type { AppConfig } from '@app/platform';
import { demoReporterUnits, type DemoCatalog } from './demo-catalog';
import { DEMO_LOGIN_PREFIX, type DemoLogin, type DemoState } from './demo-state';

/**
 * The demo's logins: a supervisor, a reporter per unit that reports in the demo and a viewer, each kept from
 * the state file while its token still works, else created; the bootstrap admin's first when there is one.
 */
export async function ensureLogins(
  tokens: TokenService,
  catalog: PlanCatalogQueries,
  c: DemoCatalog,
  state: DemoState,
  config: AppConfig,
): Promise<DemoLogin[]> {
  const wanted: { role: Role; label: string; unit?: string }[] = [
    { role: 'supervisor', label: '督查室（市发展改革局）' },
    ...demoReporterUnits(c).map((unit) => ({
      role: 'reporter' as const,
      unit,
      label: `${c.unitNames.get(unit) ?? unit}填报员`,
    })),
    { role: 'viewer', label: '只读（市领导、审计）' },
  ];
  const logins: DemoLogin[] = [];
  for (const w of wanted) {
    const kept = state.logins.find((l) => l.role === w.role && (l.unit ?? null) === (w.unit ?? null));
    if (kept && (await tokens.authenticate(kept.token))) {
      logins.push(kept);
      continue;
    }
    const created = await tokens.create(
      { role: w.role, name: `${DEMO_LOGIN_PREFIX}${w.label}`, ...(w.unit ? { unit: w.unit } : {}) },
      DEMO_SIMULATOR_SYSTEM,
      (id) => catalog.unitExists(id),
    );
    logins.push({ role: w.role, label: w.label, ...(w.unit ? { unit: w.unit } : {}), token: created.token });
  }
  return [...adminLogin(config), ...logins];
}

/** The bootstrap admin, when the config has one (its token is not the demo's to create). */
export function adminLogin(config: AppConfig): DemoLogin[] {
  return config.bootstrapAdminToken
    ? [{ role: 'admin', label: '系统管理员', token: config.bootstrapAdminToken }]
    : [];
}
