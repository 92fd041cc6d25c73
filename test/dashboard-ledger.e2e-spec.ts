import * as ExcelJS from 'exceljs';
import { STATUS_FILLS } from '@app/reports';
import { PHONE, settled } from './support/browser-app';
import { downloaded, useBrowserApp } from './support/browser-fixture';
import { overflow } from './support/dashboard-app';
import { startSeparatelyBrowserApp } from './support/assignments-browser-app';

/*
 * 「导出督办台账」 on the 里程碑 page, in a real browser: the scenario of `assignments-scenario.ts` on 2021-07-31, where
 * sa-t24 (全市, 分别牵头 by 蓬江区政府 and 台山市政府, due 2021-06-30) has 蓬江's share accepted on time and 台山's 31
 * days overdue. With the filter 功能区 = 全市 the ledger holds that one milestone: one sheet (its section 五), two
 * rows, 绿 and 红.
 */
describe('dashboard: 导出督办台账 from the 里程碑 page (real browser)', () => {
  const f = useBrowserApp(startSeparatelyBrowserApp);

  it('downloads the ledger of the page’s filter (全市) as of the picker’s date', async () => {
    const { page, context } = await f.app.open(f.app.viewer, {
      path: '/milestones?zone=%E5%85%A8%E5%B8%82&asOf=2021-07-31',
      acceptDownloads: true,
    });
    await page.locator('[data-test=result-count]').waitFor();
    await settled(page);
    expect(await page.locator('[data-test=result-count]').innerText()).toBe('共 1 个里程碑');
    const button = page.locator('[data-test=export-ledger]');
    expect(await button.innerText()).toBe('导出督办台账');
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    expect(download.suggestedFilename()).toBe('督办台账-2021-07-31.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await downloaded(download)) as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['五、完善区域协调发展体制机制']);
    const ws = wb.worksheets[0]!;
    expect(ws.getCell('A1').text).toBe('《分别牵头场景》重点任务督办台账（截至2021年7月31日）');
    expect(ws.getCell('A2').text).toContain('筛选：功能区：全市');
    const rows = [4, 5].map((n) => ws.getRow(n));
    expect(rows.map((r) => [r.getCell(4).text, r.getCell(6).text, r.getCell(8).text])).toEqual([
      ['蓬江区政府', '2021年6月30日', '绿'],
      ['台山市政府', '2021年6月30日', '红'],
    ]);
    const fill = ws.getRow(5).getCell(8).fill;
    expect(fill?.type === 'pattern' ? fill.fgColor?.argb : undefined).toBe(STATUS_FILLS.red);
    expect(ws.getRow(5).getCell(9).text).toMatch(/^已逾期31天（截止日期2021-06-30）/);
    // Then the legend: two rows in all.
    expect(ws.getCell('A6').text).toMatch(/^状态：红＝已逾期/);
    expect(await page.locator('.ledger-export [role=alert]').count()).toBe(0);
    await context.close();
  }, 120_000);

  it('the button is there on a phone (390 px), and the page still fits', async () => {
    const { page, context } = await f.app.open(f.app.viewer, {
      path: '/milestones?asOf=2021-07-31',
      viewport: PHONE,
    });
    await page.locator('[data-test=result-count]').waitFor();
    await settled(page);
    const box = await page.locator('[data-test=export-ledger]').boundingBox();
    expect(box).not.toBeNull();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);
    expect(await page.locator('[data-test=export-ledger]').isVisible()).toBe(true);
    const o = await overflow(page);
    expect(o.scrollWidth).toBeLessThanOrEqual(o.innerWidth);
    await context.close();
  }, 120_000);
});
