import { milestoneId, parsePlanLines, readPeriod } from './plan-lines.parser';
import type { DocumentLine } from './table-cells.reader';

function cell(firstLine: number, ...texts: string[]): DocumentLine[] {
  return texts.map((text, i) => ({ text, no: firstLine + i }));
}

const ctx = { planKey: 'sanqu-2020', task: 12 };

describe('readPeriod', () => {
  it.each([
    [
      '2020年，完成台山市鳗鱼省级现代农业产业园建设和验收',
      2020,
      2020,
      '完成台山市鳗鱼省级现代农业产业园建设和验收',
    ],
    ['2021-2022年，南沙港铁路建成通车', 2021, 2022, '南沙港铁路建成通车'],
    ['2020—2022年，逐步推进生态健康型水产养殖业发展', 2020, 2022, '逐步推进生态健康型水产养殖业发展'],
    ['2021-2022年以推进臭氧和PM2.5协同控制为重点', 2021, 2022, '以推进臭氧和PM2.5协同控制为重点'],
    ['2020年至2022年，推进', 2020, 2022, '推进'],
    ['2020年上半年，出台方案', 2020, 2020, '出台方案'],
  ])('reads “%s” as %i–%i', (line, from, to, body) => {
    expect(readPeriod(line)).toEqual({ period: { from, to }, body });
  });

  it.each([
    '积极增减挂钩工作，',
    '持续推进海洋生态环境保护，加强海洋工程建设项目环境影响报告书（表）的审批服务，做好入海排污口备案工作。',
    '开展《江门市国土空间总体规划（2020-2035年）》规划编制',
    '力争2021年江门大道南（西）线双水段建成通车',
  ])('finds no period at the start of “%s”', (line) => {
    expect(readPeriod(line)).toBeUndefined();
  });
});

describe('milestoneId', () => {
  it('is `<plan>.T<nn>-<year>` for one year and `<plan>.T<nn>-<from>-<to>` for a range', () => {
    expect(milestoneId('sanqu-2020', 5, { from: 2021, to: 2021 })).toBe('sanqu-2020.T05-2021');
    expect(milestoneId('sanqu-2020', 12, { from: 2020, to: 2022 })).toBe('sanqu-2020.T12-2020-2022');
  });
});

describe('parsePlanLines', () => {
  it('reads `2020—2022年` with an em dash as a range due at the end of 2022 (task 12)', () => {
    const lines = cell(
      172,
      '2020年，完成台山市鳗鱼省级现代农业产业园建设和验收，基本完成江门市水产省级现代农业产业园建设。',
      '2021年，通过江门市水产省级现代农业产业园验收；积极协调海洋牧场的用海用地保障，力争使海洋牧场项目在江门落户发展，并初步形成海洋水产养殖、加工、仓储和海洋牧场装备制造的产业链。',
      '2020—2022年，逐步推进生态健康型水产养殖业发展，创建一批国家级、省级和市级水产健康养殖示范场，带动全市水产养殖绿色发展。',
    );

    const { milestones, standingRequirements, findings } = parsePlanLines(lines, ctx);

    expect(milestones.map((m) => [m.id, m.period, m.startDate, m.dueDate, m.dueDateSource, m.line])).toEqual([
      ['sanqu-2020.T12-2020', { from: 2020, to: 2020 }, '2020-01-01', '2020-12-31', 'period-end', 172],
      ['sanqu-2020.T12-2021', { from: 2021, to: 2021 }, '2021-01-01', '2021-12-31', 'period-end', 173],
      ['sanqu-2020.T12-2020-2022', { from: 2020, to: 2022 }, '2020-01-01', '2022-12-31', 'period-end', 174],
    ]);
    expect(milestones[2]?.text).toBe(lines[2]?.text);
    expect(milestones[2]?.body).toMatch(/^逐步推进生态健康型水产养殖业发展/u);
    expect([standingRequirements, findings]).toEqual([[], []]);
  });

  it('keeps a line with no period before the dated lines as a standing requirement (task 13)', () => {
    const lines = cell(
      181,
      '持续推进海洋生态环境保护，加强海洋工程建设项目环境影响报告书（表）的审批服务，做好入海排污口备案工作。',
      '2020年，推进陆海统筹生态示范建设，完成海岸线修测和海洋生态红线调整工作，严格保护自然岸线，完成省下达的自然岸线保有指标任务。',
    );

    const { milestones, standingRequirements, findings } = parsePlanLines(lines, { ...ctx, task: 13 });

    expect(milestones.map((m) => m.id)).toEqual(['sanqu-2020.T13-2020']);
    expect(standingRequirements).toEqual([{ text: lines[0]?.text, kind: 'standing', line: 181 }]);
    expect(findings.map((f) => [f.task, f.kind, f.line])).toEqual([[13, 'undated-line', 181]]);
  });

  it('keeps the lead-in `积极增减挂钩工作，` as a lead-in, not a milestone (task 32)', () => {
    const lines = cell(
      330,
      '积极增减挂钩工作，',
      '2020年，开展增减挂钩1000亩；',
      '2021年，开展增减挂钩1000亩；',
      '2022年，开展增减挂钩1000亩。',
    );

    const { milestones, standingRequirements, findings } = parsePlanLines(lines, { ...ctx, task: 32 });

    expect(milestones.map((m) => m.id)).toEqual([
      'sanqu-2020.T32-2020',
      'sanqu-2020.T32-2021',
      'sanqu-2020.T32-2022',
    ]);
    expect(milestones.map((m) => m.indicators.map((i) => `${i.metric} ${i.target}${i.unit}`))).toEqual([
      ['开展增减挂钩 1000亩'],
      ['开展增减挂钩 1000亩'],
      ['开展增减挂钩 1000亩'],
    ]);
    expect(standingRequirements).toEqual([{ text: '积极增减挂钩工作，', kind: 'lead-in', line: 330 }]);
    expect(findings.map((f) => f.kind)).toEqual(['lead-in-line']);
  });

  it('keeps the line after the 2022 line as a trailing requirement, with a finding (task 31)', () => {
    const trailing =
      '督促各国家级和省级开发区、产业转移园区（产业转移集聚地）做好高标准厂房和工业大厦项目用地指标返还工作，加强园区用地保障。';
    const lines = cell(
      321,
      '2021年，全市新增“三旧”改造面积3000亩，完成改造面积2000亩，完成“工改工”改造面积300亩。完善批后监管制度，形成长效机制，提高用地管理水平。',
      '2022年，按照省实际下达的改造任务，全市新增“三旧”改造面积不少于3000亩，完成改造面积不少于2000亩，完成“工改工”改造面积不少于200亩。',
      trailing,
    );

    const { milestones, standingRequirements, findings } = parsePlanLines(lines, { ...ctx, task: 31 });

    expect(milestones.map((m) => m.id)).toEqual(['sanqu-2020.T31-2021', 'sanqu-2020.T31-2022']);
    expect(milestones[1]?.text).not.toContain('督促');
    expect(standingRequirements).toEqual([{ text: trailing, kind: 'trailing', line: 323 }]);
    expect(findings.map((f) => [f.kind, f.line, f.original])).toEqual([
      ['line-after-last-milestone', 323, trailing],
    ]);
  });

  it('gives a second line with the same period its own id and reports it', () => {
    const lines = cell(10, '2020年，完成甲。', '2020年，完成乙。');

    const { milestones, findings } = parsePlanLines(lines, ctx);

    expect(milestones.map((m) => m.id)).toEqual(['sanqu-2020.T12-2020', 'sanqu-2020.T12-2020-2']);
    expect(findings.map((f) => [f.kind, f.milestone])).toEqual([
      ['duplicate-period', 'sanqu-2020.T12-2020-2'],
    ]);
  });

  it('reports a plan without any dated line', () => {
    const { milestones, findings } = parsePlanLines(cell(10, '持续推进。'), ctx);

    expect(milestones).toEqual([]);
    expect(findings.map((f) => f.kind)).toEqual(['undated-line', 'no-milestones']);
  });

  it('takes the due date from a date right after the period', () => {
    const [milestone] = parsePlanLines(
      cell(10, '2021年上半年，出台实施方案；完成首批项目。'),
      ctx,
    ).milestones;

    expect(milestone).toMatchObject({
      dueDate: '2021-06-30',
      dueDateSource: 'named-in-text',
      namedDates: [{ span: '2021年上半年', date: '2021-06-30' }],
      body: '出台实施方案；完成首批项目。',
    });
  });
});
