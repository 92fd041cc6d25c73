import { parsePlanDocument } from './plan-document.parser';
import { formatPlanTable } from './plan-table.formatter';
import { readSeedDocument, SEED_FILE_NAME } from './testing/seed-document';

describe('formatPlanTable', () => {
  const plan = parsePlanDocument(readSeedDocument(), { sourceName: SEED_FILE_NAME });
  const text = formatPlanTable(plan);
  const lines = text.split('\n');

  it('starts with the plan, its source and the counts of zones, districts, towns, units, tasks and milestones', () => {
    expect(lines.slice(0, 2)).toEqual([
      '江门市加快构建“三区并进”区域发展新格局（计划标识 sanqu-2020）',
      `来源：${SEED_FILE_NAME}，361 行，SHA-256 ${plan.source.sha256}`,
    ]);
    expect(text).toContain('功能分区：3 个区域，7 个市（区），73 个镇（街）');
    expect(text).toContain('    区域政策延伸适用范围：恩平市恩城街道、恩平市东城镇、恩平市大槐镇');
    expect(text).toContain('责任单位：40 个（市直部门 32，市（区）政府 7，其他 1）');
    expect(text).toContain(
      '重点任务：5 个部分，36 项；里程碑 101 个（2020年到期 34，2021年到期 31，2022年到期 36）',
    );
  });

  it('lists each section with its task count', () => {
    expect(lines.filter((l) => /^[一二三四五]、/u.test(l))).toEqual([
      '一、强化都市核心区引领带动能力〔都市核心区〕（7 项）',
      '二、提升大广海湾区蓝色发展动力〔大广海湾区〕（6 项）',
      '三、激活生态发展区绿色发展潜力〔生态发展区〕（7 项）',
      '四、加快区域交通基础设施互联互通〔全市〕（6 项）',
      '五、创新区域协调发展体制机制〔全市〕（10 项）',
    ]);
  });

  it('shows each task with 序号, 重点事项, lead and cooperating units, milestones with due dates and indicators', () => {
    const start = lines.indexOf('  12. 壮大提升生态农渔业（原文缺序号）');

    expect(lines.slice(start, start + 9)).toEqual([
      '  12. 壮大提升生态农渔业（原文缺序号）',
      '     分别牵头：市农业农村局、市自然资源局',
      '     配合：新会区政府、台山市政府、恩平市政府',
      '     里程碑 3 个：',
      '       sanqu-2020.T12-2020  截止 2020-12-31',
      '       sanqu-2020.T12-2021  截止 2021-12-31',
      '       sanqu-2020.T12-2020-2022  截止 2022-12-31',
      '  13. 推进陆海统筹生态示范建设',
      '     分别牵头：市自然资源局、市生态环境局',
    ]);
    expect(text).toContain('         指标：引进投资超亿元的产业项目 ≥50个');
    expect(text).toContain('         指标：〔塘口镇、牛江镇〕美丽宜居村比例 ≥70%');
    expect(text).toContain('     常设要求：积极增减挂钩工作，');
  });

  it('ends with the findings, one per line', () => {
    const start = lines.indexOf('数据问题：21 条');

    expect(start).toBeGreaterThan(0);
    expect(lines.slice(start + 1)).toHaveLength(21);
    expect(lines[start + 2]).toMatch(/^ {2}任务2［单位可疑］第96行：.*30\.65万元/u);
  });
});
