import { PassThrough } from 'node:stream';
import * as ExcelJS from 'exceljs';
import { aDelayReported, aMilestonePlanned } from '@app/milestones/testing';
import { reviewEvents, sampleReview, sampleStreams } from '@app/reports/testing';
import { parseRetrospectiveRequest } from '../retrospective/retrospective-request';
import type { ReportFormat } from '../retrospective/retrospective-request';
import { writeReport } from './write-report';
import type { ReportTable } from './sheets';

async function render(format: ReportFormat, table?: ReportTable, report = sampleReview()): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await writeReport(report, format, out, table ? { table } : {});
  return Buffer.concat(chunks);
}

describe('exporters', () => {
  it('json parses to the report itself', async () => {
    const text = (await render('json')).toString('utf8');
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(sampleReview())));
    expect(text.split('\n').length).toBeGreaterThan(10); // one element per line, not one long line
  });

  it('markdown states the as-of date, knownAt and position, quotes reasons with date and unit', async () => {
    const md = (await render('md')).toString('utf8');
    expect(md).toContain('# 示例计划 2021 年度回顾');
    expect(md).toContain('截至日期（as of）：2021-12-31');
    expect(md).toContain('已知截至（knownAt）：最新');
    expect(md).toContain('事件位置（position）：99');
    expect(md).toContain('| 都市核心区 | 3 | 1 | 1 | 0 | 0 | 1 | 0 | 0 | 33.3% | 10 | 10 |');
    expect(md).toContain('- 2021-09-01｜乙局（乙局填报员）｜报告延期：“台风影响施工”，预计完成 2021-10-31');
    expect(md).not.toContain('| 未到期 |'); // a column only in provisional reviews
    expect(md).toContain('> 注：年度按期完成率 = 按期完成数 ÷（年度到期数 − 取消 − 未到期）。');
    expect(md).toContain('## 八、常态化事项年终情况');
    expect(md).toContain(
      '| sample.T01-S1 | 事项1 | 持续推进事项1。 | 常态化要求 | 乙局 | 牵头 | 0 |  | 730 | 31 | 否 |',
    );
  });

  it('html is one self-contained A4 page: print CSS, a page header with plan, year, as-of and position', async () => {
    const html = (await render('html')).toString('utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('@page { size: A4');
    expect(html).toContain('<span>示例计划</span><span>2021 年度回顾</span><span>截至 2021-12-31</span>');
    expect(html).toContain('<span>事件位置 99</span>');
    expect(html).toContain(
      '<p class="note">注：年度按期完成率 = 按期完成数 ÷（年度到期数 − 取消 − 未到期）。</p>',
    );
    expect(html).toContain('<h2>四、分别牵头里程碑的承办事项</h2>');
    expect(html).not.toMatch(/(src|href)=|url\(|@import|https?:\/\//);
  });

  it('csv: UTF-8 with BOM, CRLF, one table, every row stating plan, year, as-of, knownAt and position', async () => {
    const bytes = await render('csv', 'milestones');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(6);
    expect(lines[0]).toMatch(/^"序号","里程碑编号",/);
    expect(lines[0]).toMatch(/"计划编号","年度","截至日期","已知截至","事件位置"$/);
    expect(lines[2]).toContain('"sample.T02-2021"');
    expect(lines[2]).toContain('"逾期完成"');
    expect(lines[2]).toMatch(/"sample","2021","2021-12-31","最新","99"$/);
    const zones = (await render('csv', 'zones')).toString('utf8');
    expect(zones).toContain('"都市核心区","3","1","1","0","0","1","0","0","33.3%","10","10"');
    // A CSV has no place under the table: the rate's header states its definition.
    expect(zones).toContain('"年度按期完成率（按期完成数 ÷（年度到期数 − 取消 − 未到期））"');
    expect(zones).toContain('"全市","1","0","0","0","0","0","0","1",""');
    // The assignments are a table of their own: one row per assignment (M2 has two).
    const assignments = (await render('csv', 'assignments')).toString('utf8').slice(1).split('\r\n');
    expect(assignments.filter(Boolean)).toHaveLength(7);
    expect(assignments.filter((l) => l.includes('"sample.T02-2021"'))).toHaveLength(2);
  });

  it('xlsx: the named sheets, frozen header rows, widths, dates as dates, percentages as percentages', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await render('xlsx')) as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '总览',
      '按功能区',
      '按市区',
      '按牵头单位',
      '按板块',
      '里程碑明细',
      '承办事项明细',
      '滞后原因',
      '指标完成',
      '预警',
      '年末后变化',
      '跨年度进展',
      '常态化事项',
    ]);
    const detail = wb.getWorksheet('里程碑明细')!;
    expect(detail.getCell('A1').value).toBe(
      '示例计划｜2021年度回顾｜截至 2021-12-31｜已知截至 最新｜事件位置 99',
    );
    expect(detail.views[0]).toMatchObject({ state: 'frozen', ySplit: 2, xSplit: 2 });
    expect(detail.getColumn(2).width).toBe(26);
    expect(detail.getCell('B2').value).toBe('里程碑编号');
    const headers = (detail.getRow(2).values as unknown[]).slice(1);
    const col = (h: string) => headers.indexOf(h) + 1;
    const m2 = detail.getRow(4);
    expect(m2.getCell(col('里程碑编号')).value).toBe('sample.T02-2021');
    expect(m2.getCell(col('结果')).value).toBe('逾期完成');
    expect(m2.getCell(col('逾期天数')).value).toBe(10);
    expect(m2.getCell(col('完成日期')).value).toEqual(new Date('2021-07-10T00:00:00Z'));
    expect(m2.getCell(col('完成日期')).numFmt).toBe('yyyy-mm-dd');
    const zones = wb.getWorksheet('按功能区')!;
    expect(zones.getCell('A3').value).toBe('都市核心区');
    const rate = zones.getRow(3).getCell(10);
    expect(rate.value).toBe(0.3333);
    expect(rate.numFmt).toBe('0.0%');
    const overview = wb.getWorksheet('总览')!;
    expect(overview.getCell('B6').value).toEqual(new Date('2021-12-31T00:00:00Z'));
    // Under the rates, their definition (after an empty row).
    expect(zones.getCell(`A${zones.rowCount - 1}`).value).toBe(
      '注：年度按期完成率 = 按期完成数 ÷（年度到期数 − 取消 − 未到期）。',
    );
    expect(zones.getCell('J2').value).toBe('年度按期完成率');
    const overviewRows = new Map<string, unknown[]>();
    overview.eachRow((row) => {
      const v = (row.values as unknown[]).slice(1);
      overviewRows.set(String(v[0]), v.slice(1));
    });
    expect(overviewRows.get('年度按期完成率')).toEqual([0.25, 0.25, 0]);
    expect(overviewRows.get('承办事项数')).toEqual([6, undefined, undefined]);
    // One row per assignment: M2 (甲局、乙局 separately) has two, each met late.
    const assignments = wb.getWorksheet('承办事项明细')!;
    const aHeaders = (assignments.getRow(2).values as unknown[]).slice(1);
    const aCol = (h: string) => aHeaders.indexOf(h) + 1;
    const m2Rows: unknown[][] = [];
    assignments.eachRow((row) => {
      if (row.getCell(aCol('里程碑编号')).value === 'sample.T02-2021') {
        m2Rows.push(['牵头单位', '结果', '逾期天数'].map((h) => row.getCell(aCol(h)).value));
      }
    });
    expect(m2Rows).toEqual([
      ['甲局', '逾期完成', 10],
      ['乙局', '逾期完成', 10],
    ]);
    expect(m2.getCell(col('承办事项结果')).value).toBe('逾期完成 2');
    const standing = wb.getWorksheet('常态化事项')!;
    expect((standing.getRow(3).values as unknown[]).slice(5, 11)).toEqual([
      '甲局',
      '牵头',
      2,
      new Date('2021-11-20T00:00:00Z'),
      41,
      31,
    ]);
    const alerts = wb.getWorksheet('预警')!;
    expect((alerts.getRow(5).values as unknown[]).slice(1)).toEqual(['合计', 4, 3, 1, 4]);
  });
});

describe('exporters and what people typed', () => {
  const evil = '<script>alert(1)</script> | =HYPERLINK("x")\n第二行';
  const report = sampleReview({
    streams: [
      ...sampleStreams(),
      reviewEvents(
        [
          aMilestonePlanned({ milestoneId: 'sample.T07-2021', planKey: 'sample', taskNo: 7, indicators: [] }),
          aDelayReported(
            { reason: evil, forecastDate: '2022-01-31' },
            { occurredAt: '2021-05-01T00:00:00Z' },
          ),
        ],
        100,
      ),
    ],
  });

  it('html escapes it, markdown keeps it on one line without raw HTML, csv neutralises formulas', async () => {
    const html = (await render('html', undefined, report)).toString('utf8');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const md = (await render('md', undefined, report)).toString('utf8');
    expect(md).not.toContain('<script>');
    expect(md).toContain('“&lt;script&gt;alert(1)&lt;/script&gt; \\| =HYPERLINK("x") 第二行”');
    const csv = (await render('csv', 'reasons', report)).toString('utf8');
    expect(csv).toContain('"<script>alert(1)</script> | =HYPERLINK(""x"")\n第二行"');
    const reasonsWithFormula = sampleReview({
      streams: [
        reviewEvents([
          aMilestonePlanned({ milestoneId: 'sample.T08-2021', planKey: 'sample', taskNo: 8, indicators: [] }),
          aDelayReported(
            { reason: '=1+1', forecastDate: '2022-01-31' },
            { occurredAt: '2021-05-01T00:00:00Z' },
          ),
        ]),
      ],
    });
    expect((await render('csv', 'reasons', reasonsWithFormula)).toString('utf8')).toContain(`"'=1+1"`);
  });
});

describe('parseRetrospectiveRequest names the field that is wrong', () => {
  it.each([
    [{ year: '21' }, 'year'],
    [{ year: '2021', format: 'pdf' }, 'format'],
    [{ year: '2021', knownAt: 'yesterday' }, 'knownAt'],
    [{ year: '2021', knownAt: '2021-02-30' }, 'knownAt'],
    [{ year: '2021', position: '-1' }, 'position'],
    [{ year: '2021', plan: 'Bad Key' }, 'plan'],
    [{ year: '2021', table: 'everything' }, 'table'],
  ])('%j → %s', (raw, field) => {
    expect(() => parseRetrospectiveRequest(raw)).toThrow(
      expect.objectContaining({ kind: 'validation', field }),
    );
  });

  it('reads knownAt as an instant with an offset (a "+" that arrived as a space too), or a date as its end', () => {
    expect(parseRetrospectiveRequest({ year: '2021', knownAt: '2022-01-01T00:00:00+08:00' }).knownAt).toEqual(
      new Date('2021-12-31T16:00:00Z'),
    );
    expect(parseRetrospectiveRequest({ year: '2021', knownAt: '2022-01-01T00:00:00 08:00' }).knownAt).toEqual(
      new Date('2021-12-31T16:00:00Z'),
    );
    expect(parseRetrospectiveRequest({ year: '2021', knownAt: '2021-12-31' }).knownAt).toEqual(
      new Date('2021-12-31T15:59:59.999Z'),
    );
    expect(parseRetrospectiveRequest({ year: '2021' })).toEqual({
      year: 2021,
      format: 'json',
      knownAt: null,
      asOf: null,
      position: null,
      planKey: null,
      table: 'milestones',
    });
    expect(parseRetrospectiveRequest({ year: '2021', asOf: '2021-11-30' }).asOf).toBe('2021-11-30');
    expect(() => parseRetrospectiveRequest({ year: '2021', asOf: '2021-02-30' })).toThrow(
      expect.objectContaining({ code: 'INVALID_AS_OF', field: 'asOf' }),
    );
  });
});
