import { PlanParseError } from './plan-parse.error';
import { toDocumentLines } from './table-cells.reader';
import { chineseNumeral, parseTaskTable } from './task-table.parser';

const HEADER = '江门市重点任务分工表\n\t序号\n\t重点事项\n\t工作任务\n\t三年工作计划\n\t责任单位\n';
const ZONES = ['都市核心区', '大广海湾区', '生态发展区'];

function table(body: string) {
  return parseTaskTable(toDocumentLines(`${HEADER}${body}`), ZONES);
}

describe('parseTaskTable', () => {
  it('continues the numbering for rows that start with a space and a tab (lost 序号)', () => {
    const parsed = table(
      [
        '\t二、提升大广海湾区蓝色发展动力',
        '',
        '\t1',
        '\t打造国家级平台和区域合作新高地',
        '\t研究园区共建机制。',
        '\t2020年，引荐产业运营商。',
        '\t市发展改革局牵头，新会区、台山市政府配合',
        ' \t加快推进银湖湾滨海新区开发',
        '\t抓紧完善组织管理架构。',
        '\t2020年，完成银湖湾启动区产业规划编制工作；',
        '2021年，举办银湖湾滨海新区专题招商推介活动。',
        '\t新会区政府牵头，市发展改革局配合',
        '',
        '\t3',
        '\t稳步推动广海湾片区建设',
        '\t积极推动江门广海湾LNG接收站建设。',
        '\t2020年，推进广海湾深水港项目。',
        '\t台山市政府牵头，市自然资源局配合',
      ].join('\n'),
    );

    expect(parsed.rows.map((r) => [r.no, r.numberInDocument, r.title, r.line])).toEqual([
      [1, true, '打造国家级平台和区域合作新高地', 9],
      [2, false, '加快推进银湖湾滨海新区开发', 14],
      [3, true, '稳步推动广海湾片区建设', 20],
    ]);
    expect(parsed.rows[1]?.plan.lines.map((l) => l.text)).toEqual([
      '2020年，完成银湖湾启动区产业规划编制工作；',
      '2021年，举办银湖湾滨海新区专题招商推介活动。',
    ]);
    expect(parsed.rows[1]?.responsibility.text).toBe('新会区政府牵头，市发展改革局配合');
    expect(parsed.findings.map((f) => [f.task, f.kind, f.line])).toEqual([[2, 'missing-task-number', 14]]);
  });

  it('keeps a plan cell whose first line has no period, and reads a blank line before a cell as nothing', () => {
    const parsed = table(
      [
        '\t四、加快区域交通基础设施互联互通',
        '\t21',
        '\t加快轨道交通规划建设',
        '\t全力推进珠西综合交通枢纽江门站。',
        '',
        '\t积极增减挂钩工作，',
        '2020年，开展增减挂钩1000亩；',
        '\t市发展改革局牵头，蓬江区政府配合',
      ].join('\n'),
    );

    expect(parsed.sections).toEqual([
      { no: 4, numeral: '四', title: '加快区域交通基础设施互联互通', zone: null },
    ]);
    expect(parsed.rows[0]?.workTask).toBe('全力推进珠西综合交通枢纽江门站。');
    expect(parsed.rows[0]?.plan.text).toBe('积极增减挂钩工作，\n2020年，开展增减挂钩1000亩；');
  });

  it('reports a 序号 that does not follow the previous row', () => {
    const parsed = table(
      [
        '\t一、强化都市核心区引领带动能力',
        '\t1',
        '\t甲',
        '\t乙',
        '\t2020年，丙',
        '\t丁牵头',
        '\t3',
        '\t甲',
        '\t乙',
        '\t2020年，丙',
        '\t丁牵头',
      ].join('\n'),
    );

    expect(parsed.sections[0]?.zone).toBe('都市核心区');
    expect(parsed.findings.map((f) => [f.task, f.kind])).toEqual([[3, 'task-number-out-of-sequence']]);
  });

  it('rejects a row whose cells run into the next row', () => {
    const parse = () =>
      table(['\t一、部分', '\t1', '\t甲', '\t乙', ' \t缺序号的下一行', '\t丙', '\t丁', '\t戊'].join('\n'));

    expect(parse).toThrow(PlanParseError);
    expect(parse).toThrow(/Task row is incomplete.*line 8/u);
  });

  it('rejects text where a 序号 or section heading is expected', () => {
    expect(() => table('\t一、部分\n\t这不是序号\n')).toThrow(/Expected a task number/u);
  });
});

describe('chineseNumeral', () => {
  it.each([
    ['一', 1],
    ['五', 5],
    ['十', 10],
    ['十二', 12],
    ['二十三', 23],
  ])('reads %s as %i', (numeral, value) => {
    expect(chineseNumeral(numeral)).toBe(value);
  });
});
