import type * as ExcelJS from 'exceljs';
import {
  dataRows,
  ECO,
  type LedgerScenario,
  NR,
  startLedgerScenario,
  workbook,
} from './support/ledger-scenario';

/** The 督办台账's filters: those of the milestone list, per lead unit's share (`support/ledger-scenario.ts`). */
describe('督办台账 in Excel: filters (seed plan, HTTP)', () => {
  let s: LedgerScenario;
  let full: ExcelJS.Workbook;
  const get = (p: string) => s.get(p);

  beforeAll(async () => {
    s = await startLedgerScenario();
    full = s.full;
  }, 120_000);
  afterAll(async () => s?.close());

  it('the milestone list’s filters narrow it: section 2 alone, 全市 alone, a lead unit’s milestones', async () => {
    const all = full.worksheets.flatMap(dataRows).length;
    const s2 = await workbook(await get('/api/v1/reports/ledger.xlsx?asOf=2021-11-30&section=2'));
    expect(s2.worksheets).toHaveLength(1);
    expect(s2.worksheets[0]!.name).toBe(full.worksheets[1]!.name);
    expect(dataRows(s2.worksheets[0]!)).toEqual(dataRows(full.worksheets[1]!));
    expect(s2.worksheets[0]!.getCell('A2').text).not.toContain('筛选');

    const cityWide = await workbook(
      await get(`/api/v1/reports/ledger.xlsx?asOf=2021-11-30&zone=${encodeURIComponent('全市')}`),
    );
    const cityTotal = (
      await get(`/api/v1/milestones?asOf=2021-11-30&zone=${encodeURIComponent('全市')}&pageSize=200`)
    ).body.total;
    expect(cityTotal).toBeGreaterThan(0);
    expect(new Set(cityWide.worksheets.flatMap(dataRows).map((r) => r.cells[2])).size).toBe(cityTotal);
    expect(cityWide.worksheets.length).toBeLessThan(full.worksheets.length);
    expect(cityWide.worksheets[0]!.getCell('A2').text).toContain('筛选：功能区：全市');

    const lead = await workbook(
      await get(`/api/v1/reports/ledger.xlsx?asOf=2021-11-30&unit=${NR}&role=lead`),
    );
    const leadRows = lead.worksheets.flatMap(dataRows);
    expect(leadRows.length).toBeGreaterThan(0);
    expect(leadRows.length).toBeLessThan(all);
    const total = (await get(`/api/v1/milestones?asOf=2021-11-30&unit=${NR}&role=lead&pageSize=200`)).body
      .total;
    expect(new Set(leadRows.map((r) => r.cells[2])).size).toBe(total);
    expect(lead.worksheets[0]!.getCell('A2').text).toContain('筛选：牵头单位：市自然资源局');

    const none = await workbook(
      await get('/api/v1/reports/ledger.xlsx?asOf=2021-11-30&year=2021&health=grey&q=不存在的事项'),
    );
    expect(none.worksheets.map((w) => w.name)).toEqual(['督办台账']);
    expect(none.worksheets[0]!.getCell('A4').text).toBe('没有符合筛选条件的里程碑。');
  });

  it('the filters apply per lead unit’s share (分别牵头): every row matches them itself', async () => {
    const rowsOf = async (q: string) =>
      (await workbook(await get(`/api/v1/reports/ledger.xlsx?asOf=2021-11-30&${q}`))).worksheets.flatMap(
        dataRows,
      );
    const t13 = (rows: { cells: string[] }[]) =>
      rows.filter((r) => r.cells[2]!.includes('红树林宜林滩涂地')).map((r) => [r.cells[3], r.cells[7]]);
    const red = await rowsOf('health=red');
    expect(new Set(red.map((r) => r.cells[7]))).toEqual(new Set(['红']));
    expect(t13(red)).toEqual([['市生态环境局', '红']]);
    const nr = await rowsOf(`unit=${NR}&role=lead`);
    expect(t13(nr)).toEqual([['市自然资源局', '绿']]);
    expect(nr.filter((r) => !r.cells[3]!.includes('市自然资源局'))).toEqual([]);
    expect(t13(await rowsOf(`unit=${NR}&health=red`))).toEqual([]);
    expect(t13(await rowsOf(`unit=${ECO}&health=red`))).toEqual([['市生态环境局', '红']]);
  });

  it('bad filters: 400 problem+json naming the field, nothing downloaded', async () => {
    for (const [query, field, code] of [
      ['health=purple', 'health', 'HEALTH_INVALID'],
      ['zone=火星', 'zone', 'UNKNOWN_ZONE'],
      ['asOf=2021-13-01', 'asOf', 'AS_OF_INVALID'],
      ['role=lead', 'role', 'ROLE_WITHOUT_UNIT'],
      ['colour=red', undefined, undefined],
    ] as const) {
      const r = await get(`/api/v1/reports/ledger.xlsx?${encodeURI(query)}`);
      expect({ query, status: r.status, type: r.headers.get('content-type') }).toEqual({
        query,
        status: 400,
        type: 'application/problem+json; charset=utf-8',
      });
      if (field !== undefined) expect(r.body).toMatchObject({ field, code });
      expect(r.headers.get('content-disposition')).toBeNull();
    }
  });
});
