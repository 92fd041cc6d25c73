import type { Page } from 'playwright-core';
import { waitFor } from './service-process';
import { startDashboardApp, type DashboardApp } from './dashboard-app';

/** A milestone's row of the board, as the list API serves it. */
export interface Board {
  id: string;
  lifecycle: string;
  percent: number | null;
  leadUnits: { id: string; name: string }[];
  health: { colour: string };
}

/**
 * The simulated 2020–2022 history (`startDashboardApp`) with work for each role: a reporter of a lead unit, the
 * supervising office and a viewer (their tokens); of two open single-lead milestones ("missed" in the simulation,
 * one lead unit where it can), `toReport` re-baselined into the future (grey, so a report turns it to another
 * colour) and `toAccept` submitted (待核验) by its lead unit for the office to accept.
 */
export interface DashboardWorkApp extends DashboardApp {
  readonly reporter: string;
  readonly supervisor: string;
  readonly viewer: string;
  readonly unit: { id: string; name: string };
  readonly toReport: Board;
  readonly toAccept: Board;
  /** Health counts of the unit's row in the roll-up of lead units (red, amber, green, grey, total). */
  unitRollup(page: Page): Promise<Record<string, string>>;
}

export async function startDashboardWorkApp(): Promise<DashboardWorkApp> {
  const d = await startDashboardApp();
  try {
    return { ...d, ...(await work(d)) };
  } catch (e) {
    await d.close();
    throw e;
  }
}

async function work(d: DashboardApp): Promise<Omit<DashboardWorkApp, keyof DashboardApp>> {
  const t = d.t;
  const board = async (id: string): Promise<Board> => {
    const r = await t.request('GET', `/api/v1/milestones?q=${encodeURIComponent(id)}&pageSize=50`);
    expect(r.status).toBe(200);
    return (r.body.items as Board[]).find((m) => m.id === id)!;
  };
  // Two open single-lead milestones ("missed" in the simulation) of one lead unit (one assignment each).
  const missed = Object.entries(d.script.fates)
    .filter(([, f]) => f.outcome === 'missed')
    .map(([id]) => id);
  const rows = await Promise.all(missed.map(board));
  const byUnit = new Map<string, Board[]>();
  for (const r of rows.filter((x) => x.lifecycle === 'in_progress' && x.leadUnits.length === 1)) {
    const u = r.leadUnits[0]!.id;
    byUnit.set(u, [...(byUnit.get(u) ?? []), r]);
  }
  const pair = [...byUnit.entries()].find(([, list]) => list.length >= 2) ?? [...byUnit.entries()][0]!;
  const unit = pair[1][0]!.leadUnits[0]!;
  const toReport = pair[1][0]!;
  const toAccept =
    pair[1][1] ??
    rows.find((r) => r.id !== toReport.id && r.lifecycle === 'in_progress' && r.leadUnits.length === 1)!;

  const reporter = await d.token('reporter', `${unit.name}填报员（浏览器测试）`, unit.id);
  const supervisor = await d.token('supervisor', '督查室（市发展改革局）');
  const viewer = await d.token('viewer', '只读（浏览器测试）');
  const rebaselined = await t.request('POST', `/api/v1/milestones/${toReport.id}/rebaseline`, {
    token: supervisor,
    body: { newDueDate: '2027-06-30', reason: '经市政府同意延长完成时限（测试）' },
  });
  expect(rebaselined.status).toBe(200);
  const acceptLead = toAccept.leadUnits[0]!.id;
  const claimant =
    acceptLead === unit.id ? reporter : await d.token('reporter', '牵头单位填报员', acceptLead);
  const claimed = await t.request('POST', `/api/v1/milestones/${toAccept.id}/completion`, {
    token: claimant,
    body: {
      completedOn: '2026-11-01',
      narrative: '已全部完成（测试）',
      evidence: [{ name: '验收报告.pdf', sha256: 'b'.repeat(64) }],
    },
  });
  expect(claimed.status).toBe(200);
  await waitFor(
    async () =>
      (await board(toReport.id)).health.colour === 'grey' &&
      (await board(toAccept.id)).lifecycle === 'submitted',
    15_000,
    'board caught up',
  );

  const unitRollup = async (page: Page): Promise<Record<string, string>> => {
    await page.goto(`${t.baseUrl}/rollups?by=units`);
    const row = page.locator(`[data-test=rollup-table] tr[data-row="${unit.name}"]`);
    await row.waitFor();
    const out: Record<string, string> = {};
    for (const c of ['red', 'amber', 'green', 'grey', 'total']) {
      out[c] = (await row.locator(`td[data-col=${c}]`).innerText()).trim();
    }
    return out;
  };
  return { reporter, supervisor, viewer, unit, toReport, toAccept, unitRollup };
}
