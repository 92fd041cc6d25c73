import type * as ExcelJS from 'exceljs';
import { LEDGER_COLUMNS, STATUS_FILLS } from '@app/reports';
import { dataRows, type LedgerScenario, startLedgerScenario, workbook } from './support/ledger-scenario';

/** The 督办台账 of the seed plan over HTTP, as of 2021-11-30 (the scenario: `support/ledger-scenario.ts`). */
describe('督办台账 in Excel (seed plan, HTTP)', () => {
  let s: LedgerScenario;
  let full: ExcelJS.Workbook;
  const get = (p: string) => s.get(p);

  beforeAll(async () => {
    s = await startLedgerScenario();
    full = s.full;
  }, 120_000);
  afterAll(async () => s?.close());

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
});
