import * as ExcelJS from 'exceljs';
import { FixedClock } from '@app/platform';
import { LEDGER_COLUMNS, STATUS_FILLS } from '@app/reports';
import type { DatabaseClock } from '@app/reports/testing';
import { waitFor } from './support/service-process';
import { createToken, startSeededAppAt } from './support/seeded-app';
import type { TestApp, TestResponse } from './support/test-app';

const EVIDENCE = [{ name: '佐证材料.pdf', sha256: 'c'.repeat(64) }];
const T13 = 'sanqu-2020.T13-2021';
const NR = 'dept-natural-resources';
const ECO = 'dept-ecology-environment';
const STATUS_WORDS = new Set(['红', '黄', '绿', '灰']);

/** The data rows of a sheet (those with a status word), as arrays of cell texts (column 1 first). */
function dataRows(ws: ExcelJS.Worksheet): { cells: string[]; fill: string | undefined }[] {
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

async function workbook(r: TestResponse): Promise<ExcelJS.Workbook> {
  expect(r.status).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(r.bytes as unknown as ExcelJS.Buffer);
  return wb;
}

/**
 * The 督办台账 of the seed plan over HTTP, as of 2021-11-30. T13-2021 (红树林造林) is led separately (分别牵头) by
 * 市自然资源局 and 市生态环境局, due 2021-12-31: 自然资源局 claims completion on 2021-11-20 and the office accepts it on
 * 2021-11-25 (绿); 生态环境局 reports on 2021-11-10 a delay to 2022-01-31, after the due date (红). Nothing else is
 * reported, so every milestone due before 2021-11-30 is overdue and red.
 */
describe('督办台账 in Excel (seed plan, HTTP)', () => {
  let t: TestApp;
  let dbClock: DatabaseClock;
  const clock = new FixedClock('2020-01-05T02:00:00Z');
  let viewer: string;
  let full: ExcelJS.Workbook;

  async function at(instant: string): Promise<void> {
    clock.set(instant);
    await dbClock.set(instant);
  }
  const get = (p: string) => t.request('GET', p, { token: viewer });

  beforeAll(async () => {
    ({ t, dbClock } = await startSeededAppAt(clock));
    const token = (role: string, name: string, unit?: string) => createToken(t, role, name, unit);
    const supervisor = await token('supervisor', '督查室');
    viewer = await token('viewer', '审计');
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
    full = await workbook(await get('/api/v1/reports/ledger.xlsx?asOf=2021-11-30'));
  }, 120_000);
  afterAll(async () => {
    await dbClock?.close();
    await t?.close();
  });

  it('is an attachment named 督办台账-2021-11-30.xlsx (RFC 5987) with one sheet per section of the plan', async () => {
    const r = await get('/api/v1/reports/ledger.xlsx?asOf=2021-11-30');
    expect(r.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(r.headers.get('content-disposition')).toBe(
      `attachment; filename="ledger-2021-11-30.xlsx"; filename*=UTF-8''${encodeURIComponent('督办台账-2021-11-30.xlsx')}`,
    );
    const sections = (await get('/api/v1/sections')).body as { numeral: string; title: string }[];
    expect(sections).toHaveLength(5);
    expect(full.worksheets.map((w) => w.name)).toEqual(
      sections.map((s) => `${s.numeral}、${s.title}`.slice(0, 31)),
    );
  });

  it('each sheet: the title, the section and date, the header row frozen and repeated on every A4 landscape page', () => {
    for (const ws of full.worksheets) {
      expect(ws.getCell('A1').text).toBe(
        '《江门市加快构建“三区并进”区域发展新格局》重点任务督办台账（截至2021年11月30日）',
      );
      expect(ws.getCell('A2').text).toMatch(new RegExp(`^${ws.name.slice(0, 10)}.*数据截至2021年11月30日`));
      expect(ws.getRow(3).values).toEqual([undefined, ...LEDGER_COLUMNS.map((c) => c.header)]);
      expect(ws.getRow(3).values).toEqual([
        undefined,
        '序号',
        '重点任务',
        '工作目标',
        '牵头单位',
        '配合单位',
        '完成时限',
        '进展情况',
        '状态（红黄绿）',
        '存在问题',
      ]);
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
      expect(ws.pageSetup).toMatchObject({
        paperSize: 9,
        orientation: 'landscape',
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        printTitlesRow: '3:3',
      });
      expect(ws.getCell('C4').alignment).toMatchObject({ wrapText: true });
      expect(ws.getCell('C4').border?.left?.style).toBe('thin');
      expect(ws.columns.map((c) => c.width)).toEqual(LEDGER_COLUMNS.map((c) => c.width));
    }
  });

  it('T13-2021 (分别牵头): a row per lead unit, 自然资源局 绿 with its claim and 销号, 生态环境局 红 with its delay', () => {
    const rows = full.worksheets.flatMap(dataRows).filter((r) => r.cells[2]!.includes('红树林宜林滩涂地'));
    expect(rows.map((r) => [r.cells[0], r.cells[3], r.cells[5], r.cells[7], r.fill])).toEqual([
      ['13', '市自然资源局', '2021年12月31日', '绿', STATUS_FILLS.green],
      ['13', '市生态环境局', '2021年12月31日', '红', STATUS_FILLS.red],
    ]);
    expect(rows[0]!.cells[6]).toBe(
      '2021年11月25日：已销号\n2021年11月20日：申请销号，完成日期2021-11-20：恩平横陂镇红树林造林 6 公顷',
    );
    expect(rows[0]!.cells[8]).toBe('');
    expect(rows[1]!.cells[6]).toBe('尚未报送');
    expect(rows[1]!.cells[8]).toBe(
      '预计完成日期2022-01-31晚于截止日期2021-12-31\n' +
        '2021年11月10日：报告延期：红树林造林方案待省林业局审批（预计完成 2022-01-31）',
    );
  });

  it('a milestone due earlier and never reported: 红 with its days overdue, as the milestone list says', async () => {
    const list = (await get('/api/v1/milestones?asOf=2021-11-30&schedule=overdue&sort=task&pageSize=1')).body;
    const m = list.items[0];
    const row = full.worksheets.flatMap(dataRows).find((r) => r.cells[2] === m.text)!;
    expect(row.cells[7]).toBe('红');
    expect(row.fill).toBe(STATUS_FILLS.red);
    expect(row.cells[6]).toBe('尚未报送');
    expect(row.cells[8]).toContain(`已逾期${m.schedule.daysLate}天（截止日期${m.dueDate}）`);
  });

  it('as known on 2021-11-22 the 销号 is not there yet', async () => {
    const wb = await workbook(await get('/api/v1/reports/ledger.xlsx?asOf=2021-11-30&knownAt=2021-11-22'));
    const nr = wb.worksheets
      .flatMap(dataRows)
      .find((r) => r.cells[3] === '市自然资源局' && r.cells[2]!.includes('红树林宜林'))!;
    expect(nr.cells[6]).toBe('2021年11月20日：申请销号，完成日期2021-11-20：恩平横陂镇红树林造林 6 公顷');
    expect(wb.worksheets[0]!.getCell('A2').text).toContain('仅含2021-11-22 23:59（北京时间）前已记录的报送');
  });

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
