import { PassThrough } from 'node:stream';
import * as ExcelJS from 'exceljs';
import { ALERT_RULES } from '@app/alerts';
import { SAMPLE_PLAN, sampleReview } from '@app/reports/testing';
import type { ReportFormat } from '../retrospective/retrospective-request';
import type { ReportTable } from './sheets';
import { reportFileNames, writeReport } from './write-report';

async function render(format: ReportFormat, table?: ReportTable): Promise<string | ExcelJS.Workbook> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await writeReport(sampleReview(), format, out, table ? { table } : {});
  if (format !== 'xlsx') return Buffer.concat(chunks).toString('utf8');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.concat(chunks) as unknown as ExcelJS.Buffer);
  return wb;
}

/** What people read must not carry the codes the JSON keeps: alert rule codes and unit ids. */
const CODES = new RegExp(`\\b(${[...ALERT_RULES, ...SAMPLE_PLAN.units.map((u) => u.id)].join('|')})\\b`);

describe('the review in the formats people read: names, not codes', () => {
  it('xlsx: the 预警 sheet names each rule in Chinese; 承办事项明细 names the units; no code in any cell', async () => {
    const wb = (await render('xlsx')) as ExcelJS.Workbook;
    const rows = (name: string) =>
      wb.getWorksheet(name)!.getSheetValues().slice(3).filter(Boolean) as unknown as unknown[][];
    expect(rows('预警').map((r) => r.slice(1, 3))).toEqual([
      ['报告延期', 1],
      ['已逾期', 3],
      ['合计', 4],
    ]);
    const shares = rows('承办事项明细').filter((r) => r[2] === 'sample.T02-2021');
    expect(shares.map((r) => r.slice(4, 6))).toEqual([
      ['分别牵头', '甲局'],
      ['分别牵头', '乙局'],
    ]);
    const leaks: string[] = [];
    wb.eachSheet((ws) =>
      ws.eachRow((row) =>
        row.eachCell((c) => {
          if (CODES.test(c.text)) leaks.push(`${ws.name}!${c.address}: ${c.text}`);
        }),
      ),
    );
    expect(leaks).toEqual([]);
  });

  it('markdown, html and the alerts CSV show the rule names only', async () => {
    const md = (await render('md')) as string;
    expect(md).toContain('| 预警规则 | 触发次数 |');
    expect(md).toContain('| 已逾期 | 3 | 2 | 1 |');
    const html = (await render('html')) as string;
    expect(html).toContain('<tr><td class="k">已逾期</td><td class="n">3</td>');
    const csv = (await render('csv', 'alerts')) as string;
    expect(csv).toContain('"已逾期","3","2","1",');
    for (const text of [md, html, csv]) expect(text).not.toMatch(CODES);
  });

  it('file names: the reviewed year in Chinese, and an ASCII fallback that does not read like the plan', () => {
    const r = sampleReview();
    expect(reportFileNames(r, 'xlsx', 'milestones')).toEqual({
      name: '2021年度回顾.xlsx',
      ascii: 'sample-retrospective-2021.xlsx',
    });
    expect(reportFileNames(r, 'csv', 'zones')).toEqual({
      name: '2021年度回顾-按功能区.csv',
      ascii: 'sample-retrospective-2021-zones.csv',
    });
    expect(reportFileNames(r, 'html', 'milestones').name).toBe('2021年度回顾.html');
    // A review of a year not over yet says so: it is not the year's review.
    const provisional = { ...r, provisional: true, asOf: '2021-06-30' };
    expect(reportFileNames(provisional, 'xlsx', 'milestones').name).toBe(
      '2021年度回顾（截至2021-06-30）.xlsx',
    );
  });
});
