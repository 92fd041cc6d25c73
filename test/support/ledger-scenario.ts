import * as ExcelJS from 'exceljs';
import { FixedClock } from '@app/platform';
import { LEDGER_COLUMNS } from '@app/reports';
import type { DatabaseClock } from '@app/reports/testing';
import { waitFor } from './service-process';
import { createToken, startSeededAppAt } from './seeded-app';
import type { TestApp, TestResponse } from './test-app';

const EVIDENCE = [{ name: '佐证材料.pdf', sha256: 'c'.repeat(64) }];
const T13 = 'sanqu-2020.T13-2021';
export const NR = 'dept-natural-resources';
export const ECO = 'dept-ecology-environment';
const STATUS_WORDS = new Set(['红', '黄', '绿', '灰']);

/** The data rows of a sheet (those with a status word), as arrays of cell texts (column 1 first). */
export function dataRows(ws: ExcelJS.Worksheet): { cells: string[]; fill: string | undefined }[] {
  const out: { cells: string[]; fill: string | undefined }[] = [];
  ws.eachRow((row, n) => {
    if (n <= 3 || !STATUS_WORDS.has(row.getCell(8).text)) return;
    const fill = row.getCell(8).fill;
    out.push({
      cells: LEDGER_COLUMNS.map((_, i) => row.getCell(i + 1).text),
      fill: fill?.type === 'pattern' ? fill.fgColor?.argb : undefined,
    });
  });
  return out;
}

export async function workbook(r: TestResponse): Promise<ExcelJS.Workbook> {
  expect(r.status).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(r.bytes as unknown as ExcelJS.Buffer);
  return wb;
}

export interface LedgerScenario {
  readonly t: TestApp;
  /** GET as a viewer. */
  get(p: string): Promise<TestResponse>;
  /** The whole 督办台账 as of 2021-11-30. */
  readonly full: ExcelJS.Workbook;
  close(): Promise<void>;
}

/**
 * The 督办台账 of the seed plan over HTTP, as of 2021-11-30. T13-2021 (红树林造林) is led separately (分别牵头) by
 * 市自然资源局 and 市生态环境局, due 2021-12-31: 自然资源局 claims completion on 2021-11-20 and the office accepts it on
 * 2021-11-25 (绿); 生态环境局 reports on 2021-11-10 a delay to 2022-01-31, after the due date (红). Nothing else is
 * reported, so every milestone due before 2021-11-30 is overdue and red.
 */
export async function startLedgerScenario(): Promise<LedgerScenario> {
  const clock = new FixedClock('2020-01-05T02:00:00Z');
  const { t, dbClock } = await startSeededAppAt(clock);
  const close = async () => {
    await dbClock.close();
    await t.close();
  };
  try {
    return await reportT13(t, clock, dbClock, close);
  } catch (e) {
    await close();
    throw e;
  }
}

async function reportT13(
  t: TestApp,
  clock: FixedClock,
  dbClock: DatabaseClock,
  close: () => Promise<void>,
): Promise<LedgerScenario> {
  const at = async (instant: string): Promise<void> => {
    clock.set(instant);
    await dbClock.set(instant);
  };
  const token = (role: string, name: string, unit?: string) => createToken(t, role, name, unit);
  const supervisor = await token('supervisor', '督查室');
  const viewer = await token('viewer', '审计');
  const nr = await token('reporter', '自然资源局填报员', NR);
  const eco = await token('reporter', '生态环境局填报员', ECO);
  let position = 0;
  const post = async (tok: string, action: string, body: object) => {
    const r = await t.request('POST', `/api/v1/milestones/${T13}/${action}`, { token: tok, body });
    expect({ action, status: r.status, body: r.status === 200 ? undefined : r.body }).toMatchObject({
      status: 200,
    });
    position = Math.max(position, r.body.position as number);
  };
  await at('2021-11-10T02:00:00Z');
  await post(eco, 'delays', { reason: '红树林造林方案待省林业局审批', forecastDate: '2022-01-31' });
  await at('2021-11-20T02:00:00Z');
  await post(nr, 'completion', {
    completedOn: '2021-11-20',
    narrative: '恩平横陂镇红树林造林 6 公顷',
    evidence: EVIDENCE,
  });
  await at('2021-11-25T02:00:00Z');
  await post(supervisor, 'acceptance', {});
  clock.set('2026-01-01T00:00:00Z');
  await dbClock.set(null);
  await waitFor(
    async () =>
      (
        await t.request('GET', '/api/v1/milestones', { headers: { 'x-min-position': String(position) } })
      ).headers.get('x-position-reached') === 'true',
    20_000,
    'projections',
  );
  const get = (p: string) => t.request('GET', p, { token: viewer });
  const full = await workbook(await get('/api/v1/reports/ledger.xlsx?asOf=2021-11-30'));
  return { t, get, full, close };
}
