import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ExcelJS from 'exceljs';
import {
  M,
  reportScenario,
  type RetrospectiveApp,
  startRetrospectiveApp,
} from './support/retrospective-scenario';
import type { TestApp } from './support/test-app';
import { launchChromium } from './support/browser';
import { runCli } from './support/run-cli';

/** The 2021 review after the scenario (`support/retrospective-scenario.ts`) in every format, and from the CLI. */
describe('year-end retrospective: formats (md, html → PDF, json, csv, xlsx) and the CLI', () => {
  let s: RetrospectiveApp;
  let t: TestApp;
  let viewer: string;
  let tmp: string;
  const get = (p: string, token?: string) => s.get(p, token);

  beforeAll(async () => {
    s = await startRetrospectiveApp();
    ({ t, viewer } = s);
    await reportScenario(s);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pm-reports-'));
  }, 180_000);
  afterAll(async () => {
    await s?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('the same position gives the same content in every format', async () => {
    const first = await get('/api/v1/reports/retrospective/2021?format=md', viewer);
    const position = first.headers.get('x-event-position')!;
    for (const format of ['md', 'html', 'json', 'csv']) {
      const a = await get(`/api/v1/reports/retrospective/2021?format=${format}&position=${position}`, viewer);
      const b = await get(`/api/v1/reports/retrospective/2021?format=${format}&position=${position}`, viewer);
      expect(a.status).toBe(200);
      expect(a.bytes.equals(b.bytes)).toBe(true);
    }
    expect(first.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(first.text).toContain(`事件位置（position）：${position}`);
    expect(first.text).toContain('截至日期（as of）：2021-12-31');
    expect(first.text).toContain('已知截至（knownAt）：最新');
    const csv = await get(
      `/api/v1/reports/retrospective/2021?format=csv&table=zones&position=${position}`,
      viewer,
    );
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    // The reviewed year in Chinese (RFC 5987, what browsers save it as), an ASCII fallback for old clients.
    expect(csv.headers.get('content-disposition')).toBe(
      `attachment; filename="sanqu-2020-retrospective-2021-zones.csv"; filename*=UTF-8''${encodeURIComponent(
        '2021年度回顾-按功能区.csv',
      )}`,
    );
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.text).toContain(
      `"都市核心区","9","1","1","0","1","6","0","0","11.1%","20","20","sanqu-2020","2021","2021-12-31","最新","${position}"`,
    );
  });

  it('xlsx: read back with exceljs, sheets and key cells', async () => {
    const x = await get('/api/v1/reports/retrospective/2021?format=xlsx', viewer);
    expect(x.status).toBe(200);
    expect(x.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.bytes as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((w) => w.name).slice(0, 10)).toEqual([
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
    ]);
    const position = x.headers.get('x-event-position');
    for (const ws of wb.worksheets) {
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
      expect(ws.getCell('A1').value).toEqual(expect.stringContaining(`事件位置 ${position}`));
    }
    const overview = wb.getWorksheet('总览')!;
    const rows = new Map<string, unknown[]>();
    overview.eachRow((row) => {
      const v = (row.values as unknown[]).slice(1);
      rows.set(String(v[0]), v.slice(1));
    });
    expect(rows.get('里程碑数')).toEqual([32, 32, 32]);
    expect(rows.get('按期完成')).toEqual([3, 1, 1]);
    expect(rows.get('待核验')).toEqual([0, 1, 1]);
    expect(rows.get('截至日期')![0]).toEqual(new Date('2021-12-31T00:00:00Z'));
    const zones = wb.getWorksheet('按功能区')!;
    expect(zones.getCell('A3').value).toBe('都市核心区');
    expect(zones.getCell('B3').value).toBe(9);
    expect(zones.getRow(3).getCell(10).value).toBe(0.1111);
    expect(zones.getRow(3).getCell(10).numFmt).toBe('0.0%');
    const detail = wb.getWorksheet('里程碑明细')!;
    const headers = (detail.getRow(2).values as unknown[]).slice(1);
    const col = (h: string) => headers.indexOf(h) + 1;
    let t06: ExcelJS.Row | undefined;
    detail.eachRow((row) => {
      if (row.getCell(col('里程碑编号')).value === M('T06-2021')) t06 = row;
    });
    expect(t06!.getCell(col('结果')).value).toBe('按期完成');
    expect(t06!.getCell(col('牵头单位')).value).toBe('市工业和信息化局');
    expect(t06!.getCell(col('完成日期')).value).toEqual(new Date('2021-12-20T00:00:00Z'));
    expect(t06!.getCell(col('完成日期')).numFmt).toBe('yyyy-mm-dd');
    expect(t06!.getCell(col('指标完成率')).value).toBe(1);
    expect(t06!.getCell(col('指标完成率')).numFmt).toBe('0.0%');
    // One row per assignment: 61 in 2021 (a 分别牵头 milestone has one per lead unit), then an empty row and the note.
    expect(wb.getWorksheet('承办事项明细')!.rowCount).toBe(2 + 61 + 2);
    const reasons = wb.getWorksheet('滞后原因')!;
    const texts: unknown[] = [];
    reasons.eachRow((row) => texts.push(row.getCell(5).value));
    expect(texts).toEqual(expect.arrayContaining(['芯片短缺导致技改项目推迟', '佐证材料不全']));
  });

  it('html renders to a PDF in a real browser (Chromium), with no request leaving the page', async () => {
    const html = await get('/api/v1/reports/retrospective/2021?format=html', viewer);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      page.on('request', (req) => requests.push(req.url()));
      await page.setContent(html.text, { waitUntil: 'load' });
      expect(await page.title()).toBe('江门市加快构建“三区并进”区域发展新格局 2021 年度回顾');
      const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdf.length).toBeGreaterThan(20_000);
      expect(requests).toEqual([]);
      fs.writeFileSync(path.join(tmp, 'review-2021.pdf'), pdf);
    } finally {
      await browser.close();
    }
  });

  it('CLI: report retrospective 2021 --format xlsx --out review-2021.xlsx', async () => {
    const out = path.join(tmp, 'review-2021.xlsx');
    const r = await runCli(['report', 'retrospective', '2021', '--format', 'xlsx', '--out', out], {
      DATABASE_URL: t.db.url,
    });
    expect(r.stderr).toMatch(
      /^wrote .*review-2021\.xlsx: 2021 年度回顾 \(xlsx\), 32 milestones, as of 2021-12-31/m,
    );
    expect(r.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.getWorksheet('总览')).toBeTruthy();
    const bad = await runCli(['report', 'retrospective', '2019'], { DATABASE_URL: t.db.url });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('2020–2022');
    const md = await runCli(['report', 'retrospective', '2021', '--format', 'md'], {
      DATABASE_URL: t.db.url,
    });
    expect(md.code).toBe(0);
    expect(md.stdout).toContain('# 江门市加快构建“三区并进”区域发展新格局 2021 年度回顾');
  });
});
