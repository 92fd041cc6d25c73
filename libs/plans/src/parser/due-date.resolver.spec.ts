import { findNamedDates, resolveDueDate } from './due-date.resolver';

const year2020 = { from: 2020, to: 2020 };

describe('findNamedDates', () => {
  it.each([
    ['争取12月底前开工建设', '12月底前', '2020-12-31'],
    ['争取年内动工', '年内', '2020-12-31'],
    ['力争年底建成通车', '年底', '2020-12-31'],
    ['上半年出台方案', '上半年', '2020-06-30'],
    ['下半年完成验收', '下半年', '2020-12-31'],
    ['6月底前完成', '6月底前', '2020-06-30'],
    ['2月底前完成', '2月底前', '2020-02-29'],
    ['9月末完成', '9月末', '2020-09-30'],
    ['6月前完成', '6月前', '2020-05-31'],
    ['6月30日前完成', '6月30日前', '2020-06-30'],
    ['第三季度完成', '第三季度', '2020-09-30'],
    ['2021年3月底前完成', '2021年3月底前', '2021-03-31'],
  ])('reads “%s” as %s → %s', (text, span, date) => {
    expect(findNamedDates(text, 2020)).toEqual([{ span, date }]);
  });

  it('finds no date in a line that only names years and months in passing', () => {
    expect(findNamedDates('推进德昌二期和2020年新引进项目加快建设，每月进行数据统计', 2020)).toEqual([]);
  });
});

describe('resolveDueDate', () => {
  it('is the end of the last year of the period when the text names no date', () => {
    expect(resolveDueDate('2020-2022年，推进城市品质提升。', { from: 2020, to: 2022 })).toEqual({
      dueDate: '2022-12-31',
      dueDateSource: 'period-end',
      namedDates: [],
    });
  });

  it('keeps the period end when a date names only part of the line (task 10, 2020)', () => {
    const line =
      '2020年，在编制全市海岸带产业布局规划的基础上，进一步规范统一和科学完善大广海湾片区产业布局规划。推进广海湾深水港项目完成防波堤、进港航道工程立项及施工图设计工作，争取12月底前开工建设；推动广海湾LNG接收站项目申报纳入国家能源“十四五”规划。';

    expect(resolveDueDate(line, year2020)).toEqual({
      dueDate: '2020-12-31',
      dueDateSource: 'period-end',
      namedDates: [{ span: '12月底前', date: '2020-12-31' }],
    });
  });

  it('takes an earlier date when every sentence of the line names one', () => {
    expect(resolveDueDate('2020年，上半年出台方案；6月底前完成首批。', year2020)).toMatchObject({
      dueDate: '2020-06-30',
      dueDateSource: 'named-in-text',
    });
  });

  it('takes the latest of the named dates when every sentence names one', () => {
    expect(resolveDueDate('2020年，3月底前出台方案；9月底前完成验收。', year2020)).toMatchObject({
      dueDate: '2020-09-30',
      dueDateSource: 'named-in-text',
    });
  });

  it('lets a date right after the period govern the whole line', () => {
    expect(resolveDueDate('2020年6月底前，出台方案；推进试点。', year2020)).toMatchObject({
      dueDate: '2020-06-30',
      dueDateSource: 'named-in-text',
    });
  });

  it('reads a date without a year in a range line as in the range’s last year', () => {
    expect(resolveDueDate('2020-2022年，上半年完成评估。', { from: 2020, to: 2022 })).toMatchObject({
      dueDate: '2022-06-30',
    });
  });
});
