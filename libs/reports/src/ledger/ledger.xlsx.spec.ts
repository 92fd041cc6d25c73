import { PassThrough } from 'node:stream';
import * as ExcelJS from 'exceljs';
import type { LedgerRow } from './ledger-rows';
import { LedgerWorkbook, STATUS_FILLS } from './ledger.xlsx';

const row = (o: Partial<LedgerRow>): LedgerRow => ({
  milestoneId: 'p.T1-2021',
  assignment: 'u-a',
  taskNo: 1,
  task: '事项1',
  target: '2021年，完成事项1。',
  lead: '甲单位',
  cooperating: '丙单位',
  deadline: '2021年12月31日',
  progress: '尚未报送',
  status: 'green',
  statusZh: '绿',
  problems: '',
  ...o,
});

async function written(fill: (book: LedgerWorkbook) => void): Promise<ExcelJS.Worksheet> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const book = new LedgerWorkbook(out, { title: '台账', created: new Date('2021-11-30T16:00:00Z') });
  fill(book);
  await book.finish();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.concat(chunks) as unknown as ExcelJS.Buffer);
  return wb.worksheets[0]!;
}

describe('LedgerWorkbook (streamed)', () => {
  it('merges 序号 and 重点任务 over a task, 工作目标 and 配合单位 over a 分别牵头 milestone’s shares; fills the status', async () => {
    const ws = await written((book) => {
      book.beginSheet({
        name: '一、示例',
        title: '《示例》重点任务督办台账（截至2021年11月30日）',
        subtitle: '一、示例',
      });
      book.addMilestone([
        row({ assignment: 'u-a' }),
        row({ assignment: 'u-b', lead: '乙单位', status: 'red', statusZh: '红' }),
      ]);
      book.addMilestone([
        row({ milestoneId: 'p.T1-2022', target: '2022年，完成事项1。', status: 'amber', statusZh: '黄' }),
      ]);
      book.addMilestone([
        row({ milestoneId: 'p.T2-2021', taskNo: 2, task: '事项2', status: 'grey', statusZh: '灰' }),
      ]);
      book.addNote('图例');
      book.endSheet();
    });
    expect([...ws.model.merges].sort()).toEqual([
      'A1:I1',
      'A2:I2',
      'A4:A6',
      'A8:I8',
      'B4:B6',
      'C4:C5',
      'E4:E5',
    ]);
    const fills = [4, 5, 6, 7].map((n) => {
      const f = ws.getRow(n).getCell(8).fill;
      return [ws.getRow(n).getCell(8).text, f?.type === 'pattern' ? f.fgColor?.argb : undefined];
    });
    expect(fills).toEqual([
      ['绿', STATUS_FILLS.green],
      ['红', STATUS_FILLS.red],
      ['黄', STATUS_FILLS.amber],
      ['灰', STATUS_FILLS.grey],
    ]);
    expect(ws.getCell('D5').text).toBe('乙单位');
    expect(ws.getCell('A8').text).toBe('图例');
  });
});
