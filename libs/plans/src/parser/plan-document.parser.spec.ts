import type { ParsedPlan } from '../model/plan.model';
import { FINDING_KINDS } from '../model/plan-finding.model';
import { parsePlanDocument } from './plan-document.parser';
import { PlanParseError } from './plan-parse.error';
import { sha256Hex } from './source-hash';
import { readSeedDocument, SEED_FILE_NAME } from './testing/seed-document';

/** 重点事项 of the 36 rows of 附件2, in document order, as written. */
const DOCUMENT_TITLES = [
  '打造“一主一副”双核心',
  '建设城市功能新区',
  '建设新型智慧城市',
  '大力提升城市品质',
  '推进园区集聚高效发展',
  '着力培育新兴产业集群',
  '推动传统产业转型升级',
  '打造国家级平台和区域合作新高地',
  '加快推进银湖湾滨海新区开发',
  '稳步推动广海湾片区建设',
  '积极发展滨海旅游产业',
  '壮大提升生态农渔业',
  '推进陆海统筹生态示范建设',
  '大力推进实施乡村振兴战略',
  '推动农业高质量发展',
  '打造优质农产品供给区',
  '推动制造业绿色发展',
  '建设高端生态旅游目的地',
  '强化生态保护屏障',
  '推进小城镇及村庄建设',
  '加快轨道交通规划建设',
  '积极参与粤港澳港口机场群规划建设',
  '构建“外引内联”高速廊道',
  '提升城市交通路网能级',
  '完善城市便捷交通体系',
  '推进农村道路建设',
  '建立区域协同发展协调机制',
  '深化户籍管理制度改革',
  '探索调整完善市、县两级财政管理体制',
  '构建科学考核评估的导向机制',
  '强化集约高效的用地机制',
  '灵活争取用地指标',
  '拓宽保障有力的融资渠道',
  '树立分区侧重、效益优先的招商机制',
  '推进区域公共服务均等化',
  '构建绿色发展的约束机制',
];

function milestonesOf(plan: ParsedPlan) {
  return plan.tasks.flatMap((t) => t.milestones);
}

function task(plan: ParsedPlan, no: number) {
  const found = plan.tasks.find((t) => t.no === no);
  if (!found) throw new Error(`task ${no} not parsed`);
  return found;
}

describe('parsePlanDocument on the seed document', () => {
  const seed = readSeedDocument();
  const plan = parsePlanDocument(seed, { sourceName: SEED_FILE_NAME });

  describe('zone table (附件1)', () => {
    it('has 3 zones, 7 districts and 73 towns/streets', () => {
      const districts = new Set(plan.zones.flatMap((z) => z.districts.map((d) => d.name)));
      const towns = new Set(plan.zones.flatMap((z) => z.districts.flatMap((d) => d.towns)));

      expect(plan.zones.map((z) => z.name)).toEqual(['都市核心区', '大广海湾区', '生态发展区']);
      expect([...districts]).toEqual(['蓬江区', '江海区', '新会区', '台山市', '开平市', '鹤山市', '恩平市']);
      expect(towns.size).toBe(73);
    });

    it('splits each zone into its districts with their towns', () => {
      const shape = plan.zones.map((z) => [z.name, z.districts.map((d) => `${d.name}:${d.towns.length}`)]);

      expect(shape).toEqual([
        ['都市核心区', ['蓬江区:6', '江海区:3', '新会区:6', '台山市:7', '开平市:6', '鹤山市:8']],
        ['大广海湾区', ['新会区:5', '台山市:10', '恩平市:1']],
        ['生态发展区', ['开平市:9', '鹤山市:2', '恩平市:10']],
      ]);
      expect(plan.zones[2]?.districts[2]?.towns).toEqual([
        '恩城街道',
        '东城镇',
        '大槐镇',
        '大田镇',
        '良西镇',
        '圣堂镇',
        '牛江镇',
        '君堂镇',
        '那吉镇',
        '沙湖镇',
      ]);
    });

    it('keeps the 区域政策延伸适用范围 column as three 恩平市 towns on the core zone', () => {
      expect(plan.zones.map((z) => z.policyExtensionTowns)).toEqual([
        [
          { district: '恩平市', town: '恩城街道' },
          { district: '恩平市', town: '东城镇' },
          { district: '恩平市', town: '大槐镇' },
        ],
        [],
        [],
      ]);
    });
  });

  describe('task table (附件2)', () => {
    it('has 5 sections with 7, 6, 7, 6 and 10 tasks; 一 to 三 name a zone, 四 and 五 are city-wide', () => {
      const sections = plan.sections.map((s) => ({
        heading: `${s.numeral}、${s.title}`,
        zone: s.zone,
        tasks: plan.tasks.filter((t) => t.section === s.no).length,
      }));

      expect(sections).toEqual([
        { heading: '一、强化都市核心区引领带动能力', zone: '都市核心区', tasks: 7 },
        { heading: '二、提升大广海湾区蓝色发展动力', zone: '大广海湾区', tasks: 6 },
        { heading: '三、激活生态发展区绿色发展潜力', zone: '生态发展区', tasks: 7 },
        { heading: '四、加快区域交通基础设施互联互通', zone: null, tasks: 6 },
        { heading: '五、创新区域协调发展体制机制', zone: null, tasks: 10 },
      ]);
    });

    it('has 36 tasks numbered 1 to 36 whose titles equal the document', () => {
      expect(plan.tasks.map((t) => t.no)).toEqual(DOCUMENT_TITLES.map((_, i) => i + 1));
      expect(plan.tasks.map((t) => t.title)).toEqual(DOCUMENT_TITLES);
    });

    it('numbers the ten rows that lost their 序号 by continuing from the previous row', () => {
      const unnumbered = plan.tasks.filter((t) => !t.numberInDocument).map((t) => `${t.no} ${t.title}`);

      expect(unnumbered).toEqual([
        '9 加快推进银湖湾滨海新区开发',
        '12 壮大提升生态农渔业',
        '15 推动农业高质量发展',
        '16 打造优质农产品供给区',
        '17 推动制造业绿色发展',
        '18 建设高端生态旅游目的地',
        '19 强化生态保护屏障',
        '34 树立分区侧重、效益优先的招商机制',
        '35 推进区域公共服务均等化',
        '36 构建绿色发展的约束机制',
      ]);
    });

    it('keeps each task’s 工作任务 and 责任单位 text as written', () => {
      expect(task(plan, 32).workTask).toMatch(/^争取省对重大产业类.*强化资金使用安全。$/u);
      expect(task(plan, 5).responsibilityText).toBe(
        '市工业和信息化局、市科技局、新会区、台山市、开平市、鹤山市政府分别牵头，市发展改革局配合。',
      );
    });
  });

  describe('milestones', () => {
    const milestones = milestonesOf(plan);
    const dueIn = (year: string) => milestones.filter((m) => m.dueDate.startsWith(year)).length;

    it('has 101 dated lines: 34 due in 2020, 31 in 2021, 36 in 2022', () => {
      expect(milestones).toHaveLength(101);
      expect([dueIn('2020'), dueIn('2021'), dueIn('2022')]).toEqual([34, 31, 36]);
    });

    it('counts 28 single-year 2022 lines and 8 ranges among those due in 2022', () => {
      const in2022 = milestones.filter((m) => m.dueDate.startsWith('2022'));
      const ranges = in2022.filter((m) => m.period.from !== m.period.to);

      expect(in2022.length - ranges.length).toBe(28);
      expect(ranges.map((m) => m.id)).toEqual([
        'sanqu-2020.T04-2020-2022',
        'sanqu-2020.T12-2020-2022',
        'sanqu-2020.T13-2020-2022',
        'sanqu-2020.T19-2020-2022',
        'sanqu-2020.T21-2021-2022',
        'sanqu-2020.T22-2021-2022',
        'sanqu-2020.T28-2020-2022',
        'sanqu-2020.T36-2021-2022',
      ]);
    });

    it('gives every milestone a unique, URL-safe id and a due date at the end of its last year', () => {
      const ids = milestones.map((m) => m.id);

      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.every((id) => /^[A-Za-z0-9._-]+$/u.test(id))).toBe(true);
      expect(milestones.every((m) => m.dueDate === `${m.period.to}-12-31`)).toBe(true);
      expect(task(plan, 5).milestones.map((m) => m.id)).toEqual([
        'sanqu-2020.T05-2020',
        'sanqu-2020.T05-2021',
        'sanqu-2020.T05-2022',
      ]);
    });

    it('records the deadlines the text names (年内, 12月底前, 年底) without moving the due date', () => {
      const named = milestones
        .filter((m) => m.namedDates.length > 0)
        .map((m) => [m.id, m.namedDates.map((d) => d.span).join(','), m.dueDate, m.dueDateSource]);

      expect(named).toEqual([
        ['sanqu-2020.T01-2021', '年内', '2021-12-31', 'period-end'],
        ['sanqu-2020.T08-2020', '年内', '2020-12-31', 'period-end'],
        ['sanqu-2020.T10-2020', '12月底前', '2020-12-31', 'period-end'],
        ['sanqu-2020.T24-2020', '年内,年内', '2020-12-31', 'period-end'],
        ['sanqu-2020.T24-2022', '年底', '2022-12-31', 'period-end'],
      ]);
    });
  });

  describe('lines without a period', () => {
    it('keeps the five undated lines (tasks 1, 13, 31, 32, 36) on their task', () => {
      const kept = plan.tasks.flatMap((t) =>
        t.standingRequirements.map((s) => [t.no, s.kind, s.text.slice(0, 10)]),
      );

      expect(kept).toEqual([
        [1, 'standing', '结合江门市东部、西部'],
        [13, 'standing', '持续推进海洋生态环境'],
        [31, 'trailing', '督促各国家级和省级开'],
        [32, 'lead-in', '积极增减挂钩工作，'],
        [36, 'standing', '开展《江门市国土空间'],
      ]);
    });

    it('loses no plan line: every line is a milestone or a standing requirement, in order', () => {
      for (const t of plan.tasks) {
        const kept = [...t.milestones, ...t.standingRequirements]
          .sort((a, b) => a.line - b.line)
          .map((x) => x.text);

        expect(kept).toEqual(t.planText.split('\n'));
      }
    });
  });

  describe('unit registry', () => {
    it('registers 40 units: 32 city departments, the 7 district governments and 江门海关', () => {
      const kinds = plan.units.map((u) => u.kind);

      expect(plan.units).toHaveLength(40);
      expect(kinds.filter((k) => k === 'city-department')).toHaveLength(32);
      expect(
        plan.units.filter((u) => u.kind === 'district-government').map((u) => [u.name, u.district]),
      ).toEqual([
        ['蓬江区政府', '蓬江区'],
        ['江海区政府', '江海区'],
        ['新会区政府', '新会区'],
        ['台山市政府', '台山市'],
        ['开平市政府', '开平市'],
        ['鹤山市政府', '鹤山市'],
        ['恩平市政府', '恩平市'],
      ]);
      expect(plan.units.filter((u) => u.kind === 'other').map((u) => u.name)).toEqual(['江门海关']);
    });

    it('gives unique URL-safe ids and keeps typo originals as aliases', () => {
      const ids = plan.units.map((u) => u.id);
      const withAliases = plan.units.filter((u) => u.aliases.length > 0).map((u) => [u.name, u.aliases]);

      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.every((id) => /^[a-z0-9-]+$/u.test(id))).toBe(true);
      expect(withAliases).toEqual([
        ['鹤山市政府', ['鹤山市政府政府']],
        ['市政务服务数据管理局', ['市政服务服数据管理局']],
      ]);
    });

    it('links every task’s units to the registry by name and id', () => {
      const byName = new Map(plan.units.map((u) => [u.name, u.id]));
      for (const t of plan.tasks) {
        expect(t.leadUnitIds).toEqual(t.leadUnits.map((n) => byName.get(n)));
        expect(t.cooperatingUnitIds).toEqual(t.cooperatingUnits.map((n) => byName.get(n)));
      }
    });
  });

  describe('findings', () => {
    it('reports what was normalised, inferred or looks wrong, one kind per quirk', () => {
      const summary = plan.findings.map((f) => `${f.task} ${f.kind}`);

      expect(summary).toEqual([
        '1 undated-line',
        '2 suspicious-unit',
        '2 typo-normalised',
        '3 open-ended-unit-list',
        '9 missing-task-number',
        '10 suspected-typo',
        '12 missing-task-number',
        '13 undated-line',
        '15 missing-task-number',
        '15 typo-normalised',
        '16 missing-task-number',
        '17 missing-task-number',
        '18 missing-task-number',
        '19 missing-task-number',
        '21 typo-normalised',
        '31 line-after-last-milestone',
        '32 lead-in-line',
        '34 missing-task-number',
        '35 missing-task-number',
        '36 missing-task-number',
        '36 undated-line',
      ]);
      expect(plan.findings.every((f) => FINDING_KINDS.includes(f.kind) && f.detail.length > 0)).toBe(true);
    });

    it('flags task 2’s 2021 investment in 万元 against 亿元 in the other years, keeping the value', () => {
      const finding = plan.findings.find((f) => f.kind === 'suspicious-unit');
      const indicator = task(plan, 2).milestones[1]?.indicators.find((i) => i.metric === '完成投资');

      expect(finding).toMatchObject({
        task: 2,
        milestone: 'sanqu-2020.T02-2021',
        original: '预计完成投资30.65万元',
      });
      expect(finding?.detail).toContain('疑为“30.65亿元”之误');
      expect(indicator).toMatchObject({ target: 30.65, unit: '万元' });
    });

    it('reports 南海战略民融合 (line 158) as a probable typo for 军民融合, leaving the text as written', () => {
      const finding = plan.findings.find((f) => f.kind === 'suspected-typo');

      expect(finding).toMatchObject({
        task: 10,
        milestone: 'sanqu-2020.T10-2021',
        line: 158,
        original: '民融合',
        normalised: '军民融合',
      });
      expect(finding?.detail).toContain('南海战略民融合');
      expect(milestonesOf(plan).find((m) => m.id === 'sanqu-2020.T10-2021')?.text).toContain(
        '南海战略民融合',
      );
    });
  });

  describe('source and options', () => {
    it('records the source name and the SHA-256 of the text', () => {
      expect(plan.planKey).toBe('sanqu-2020');
      expect(plan.title).toBe('江门市加快构建“三区并进”区域发展新格局');
      expect(plan.source).toEqual({ name: SEED_FILE_NAME, sha256: sha256Hex(seed), lineCount: 361 });
    });

    it('prefixes milestone ids with the given plan key', () => {
      const other = parsePlanDocument(seed, { planKey: 'sanqu-test' });

      expect(other.planKey).toBe('sanqu-test');
      expect(milestonesOf(other)[0]?.id).toBe('sanqu-test.T01-2020');
    });

    it('is deterministic: the same text gives a deep-equal plan', () => {
      expect(parsePlanDocument(seed, { sourceName: SEED_FILE_NAME })).toEqual(plan);
      expect(JSON.stringify(parsePlanDocument(seed, { sourceName: SEED_FILE_NAME }))).toBe(
        JSON.stringify(plan),
      );
    });

    it('reads the same plan from CRLF line endings and a byte-order mark', () => {
      const windows = parsePlanDocument(`\uFEFF${seed.replace(/\n/gu, '\r\n')}`);

      expect(milestonesOf(windows).map((m) => m.id)).toEqual(milestonesOf(plan).map((m) => m.id));
      expect(windows.tasks.map((t) => t.leadUnits)).toEqual(plan.tasks.map((t) => t.leadUnits));
    });
  });
});

describe('parsePlanDocument on a document of another shape', () => {
  const seed = readSeedDocument();
  const zoneTable = seed.slice(0, seed.indexOf('附件2'));
  const taskTableHeader =
    '附件2\n\n江门市重点任务分工表\n\t序号\n\t重点事项\n\t工作任务\n\t三年工作计划\n\t责任单位\n';

  function parseError(text: string, opts?: { planKey?: string }): PlanParseError {
    try {
      parsePlanDocument(text, opts);
    } catch (e) {
      if (e instanceof PlanParseError) return e;
      throw e;
    }
    throw new Error('expected a PlanParseError');
  }

  it.each([
    ['an empty text', '  \n', 'EMPTY_DOCUMENT'],
    ['a text without 附件2', zoneTable, 'TASK_TABLE_MISSING'],
    ['a text without 附件1', seed.slice(seed.indexOf('附件2')), 'ZONE_TABLE_MISSING'],
    ['a task table without its header', `${zoneTable}附件2\n\n\t一、部分\n`, 'TASK_TABLE_HEADER_MISSING'],
    ['a task table without tasks', `${zoneTable}${taskTableHeader}\t一、部分\n`, 'NO_TASKS'],
    [
      'a task row cut short',
      `${zoneTable}${taskTableHeader}\t一、部分\n\t1\n\t标题\n\t任务\n`,
      'TASK_ROW_MALFORMED',
    ],
    ['a zone table without its header', `附件1\n\t甲\n\t乙\n${taskTableHeader}`, 'ZONE_TABLE_MALFORMED'],
    ['a README', '# progress-monitor\n\nTracks the plan.\n', 'TASK_TABLE_MISSING'],
  ])('rejects %s with a coded PlanParseError', (_, text, code) => {
    expect(parseError(text).code).toBe(code);
  });

  it('explains in English and Chinese, with the line where it can', () => {
    const error = parseError(`${zoneTable}${taskTableHeader}\t一、部分\n\t1\n\t标题\n\t任务\n`);

    expect(error.message).toContain('Task row is incomplete');
    expect(error.message).toContain('重点任务分工表的行不完整');
    expect(error.line).toBe(80); // the row’s 序号 cell: 70 lines of 附件1, 8 of header, the section, then “1”
    expect(error.kind).toBe('unprocessable');
  });

  it('rejects a plan key that is not URL-safe', () => {
    expect(parseError(seed, { planKey: 'Sanqu 2020' }).code).toBe('INVALID_PLAN_KEY');
  });
});
