import type { LeadMode } from '@app/milestones';
import { parsePlanDocument } from './plan-document.parser';
import { parseResponsibility } from './responsibility.parser';
import { readSeedDocument, seedGazetteer } from './testing/seed-document';

const gov = (...districts: string[]): string[] => districts.map((d) => `${d}政府`);
const SIX = gov('蓬江区', '江海区', '新会区', '台山市', '开平市', '鹤山市');
const ALL_SEVEN = [...SIX, '恩平市政府'];
const KAI_HE_EN = gov('开平市', '鹤山市', '恩平市');
const XIN_TAI_EN = gov('新会区', '台山市', '恩平市');

/**
 * 责任单位 of all 36 tasks, read by hand from the seed document (附件2, last cell of each row):
 * [序号, how the lead is shared, 牵头单位, 配合单位].
 */
const EXPECTED: ReadonlyArray<readonly [number, LeadMode, string[], string[]]> = [
  [
    1,
    'single',
    ['市发展改革局'],
    ['市教育局', '市科技局', '市工业和信息化局', '市自然资源局', '市交通运输局', '市金融局', ...SIX],
  ],
  [
    2,
    'separately',
    SIX,
    [
      '市人才工作局',
      '市发展改革局',
      '市科技局',
      '市工业和信息化局',
      '市交通运输局',
      '市人力资源社会保障局',
      '市政务服务数据管理局',
      '市金融局',
      '江门海关',
    ],
  ],
  [
    3,
    'single',
    ['市政务服务数据管理局'],
    [
      '市委政法委',
      '市发展改革局',
      '市公安局',
      '市应急管理局',
      '市卫生健康局',
      '市自然资源局',
      '市水利局',
      '市市场监管局',
      '市城市管理综合执法局',
      '市行政服务中心',
      ...ALL_SEVEN,
    ],
  ],
  [
    4,
    'single',
    ['市住房城乡建设局'],
    [
      '市公安局',
      '市自然资源局',
      '市生态环境局',
      '市农业农村局',
      '市商务局',
      '市文化广电旅游体育局',
      '市城市管理综合执法局',
      ...SIX,
    ],
  ],
  [
    5,
    'separately',
    ['市工业和信息化局', '市科技局', ...gov('新会区', '台山市', '开平市', '鹤山市')],
    ['市发展改革局'],
  ],
  [6, 'single', ['市工业和信息化局'], ['市发展改革局', '市商务局', ...SIX]],
  [7, 'single', ['市工业和信息化局'], SIX],
  [
    8,
    'single',
    ['市发展改革局'],
    ['市工业和信息化局', '市自然资源局', '市科技局', '市商务局', ...gov('新会区', '台山市')],
  ],
  [9, 'single', gov('新会区'), ['市发展改革局', '市工业和信息化局', '市自然资源局']],
  [10, 'single', gov('台山市'), ['市发展改革局', '市工业和信息化局', '市自然资源局']],
  [11, 'single', ['市文化广电旅游体育局'], XIN_TAI_EN],
  [12, 'separately', ['市农业农村局', '市自然资源局'], XIN_TAI_EN],
  [13, 'separately', ['市自然资源局', '市生态环境局'], ['市发展改革局', '市农业农村局', ...XIN_TAI_EN]],
  [14, 'separately', ['市农业农村局', '市住房城乡建设局'], KAI_HE_EN],
  [15, 'single', ['市农业农村局'], KAI_HE_EN],
  [16, 'single', ['市农业农村局'], KAI_HE_EN],
  [17, 'single', ['市工业和信息化局'], ['市发展改革局', '市生态环境局', ...KAI_HE_EN]],
  [18, 'single', ['市文化广电旅游体育局'], gov('台山市', '开平市', '鹤山市', '恩平市')],
  [
    19,
    'separately',
    ['市自然资源局', '市生态环境局', '市农业农村局', '市水利局', '市城市管理综合执法局'],
    KAI_HE_EN,
  ],
  [20, 'separately', ['市住房城乡建设局', '市农业农村局'], KAI_HE_EN],
  [21, 'single', ['市发展改革局'], gov('蓬江区', '江海区', '新会区', '鹤山市')],
  [
    22,
    'separately',
    ['市发展改革局', '市交通运输局', '市国资委'],
    gov('江海区', '新会区', '台山市', '鹤山市', '恩平市'),
  ],
  [23, 'single', ['市交通运输局'], ALL_SEVEN],
  [24, 'separately', ALL_SEVEN, ['市交通运输局', '市住房城乡建设局', '市公路局', '市建管中心']],
  [25, 'single', ['市交通运输局'], ['市发展改革局', ...ALL_SEVEN]],
  [26, 'single', ['市交通运输局'], ['市住房城乡建设局', ...ALL_SEVEN]],
  [
    27,
    'single',
    ['市发展改革局'],
    ['市委编办', '市工业和信息化局', '市自然资源局', '市生态环境局', '市政务服务数据管理局', ...ALL_SEVEN],
  ],
  [
    28,
    'single',
    ['市公安局'],
    [
      '市发展改革局',
      '市教育局',
      '市民政局',
      '市财政局',
      '市人力资源社会保障局',
      '市自然资源局',
      '市住房城乡建设局',
      '市农业农村局',
      '市卫生健康局',
      '市医保局',
      '市社保局',
      ...ALL_SEVEN,
    ],
  ],
  [29, 'single', ['市财政局'], ALL_SEVEN],
  [30, 'separately', ['市委组织部', '市发展改革局'], ALL_SEVEN],
  [
    31,
    'single',
    ['市自然资源局'],
    ['市工业和信息化局', '市财政局', '市住房城乡建设局', '市商务局', ...ALL_SEVEN],
  ],
  [32, 'single', ['市自然资源局'], ALL_SEVEN],
  [33, 'separately', ['市财政局', '市金融局'], ['市发展改革局', ...ALL_SEVEN]],
  [34, 'single', ['市商务局'], ['市工业和信息化局', '市自然资源局', ...ALL_SEVEN]],
  [35, 'separately', ['市教育局', '市人力资源社会保障局', '市卫生健康局', '市医保局'], ALL_SEVEN],
  [36, 'separately', ['市自然资源局', '市生态环境局'], ALL_SEVEN],
];

describe('responsibility of every task of the seed', () => {
  const plan = parsePlanDocument(readSeedDocument());

  it('covers all 36 tasks', () => {
    expect(EXPECTED.map(([no]) => no)).toEqual(plan.tasks.map((t) => t.no));
  });

  it.each(EXPECTED)(
    'task %i: %s lead, lead and cooperating units as in the document',
    (no, mode, lead, cooperating) => {
      const task = plan.tasks.find((t) => t.no === no);

      expect(task?.leadMode).toBe(mode);
      expect(task?.leadUnits).toEqual(lead);
      expect(task?.cooperatingUnits).toEqual(cooperating);
    },
  );
});

describe('parseResponsibility', () => {
  const gazetteer = seedGazetteer();
  const parse = (text: string) => parseResponsibility(text, gazetteer);
  const names = (text: string) => {
    const r = parse(text);
    return { lead: r.lead.map((u) => u.name), cooperating: r.cooperating.map((u) => u.name) };
  };

  it('reads `A、B分别牵头，C、D，E配合` as leads A and B each separately, cooperating C, D and E', () => {
    const r = parse('市财政局、市金融局分别牵头，市发展改革局、市商务局，市教育局配合');

    expect(r.leadMode).toBe('separately');
    expect(r.lead.map((u) => u.name)).toEqual(['市财政局', '市金融局']);
    expect(r.cooperating.map((u) => u.name)).toEqual(['市发展改革局', '市商务局', '市教育局']);
    expect(r.findings).toEqual([]);
  });

  it('reads a single lead without 分别 as the single lead', () => {
    expect(parse('市财政局牵头，各市（区）政府配合').leadMode).toBe('single');
  });

  it('reads several leads without 分别 as a joint lead', () => {
    expect(parse('市财政局、市金融局牵头，市发展改革局配合').leadMode).toBe('jointly');
  });

  it('gives each district of `蓬江区、江海区…鹤山市政府分别牵头` its own government', () => {
    const r = parse('蓬江区、江海区、新会区、台山市、开平市、鹤山市政府分别牵头，市人才工作局配合');

    expect(r.lead.map((u) => [u.name, u.district, u.written])).toEqual([
      ['蓬江区政府', '蓬江区', '蓬江区'],
      ['江海区政府', '江海区', '江海区'],
      ['新会区政府', '新会区', '新会区'],
      ['台山市政府', '台山市', '台山市'],
      ['开平市政府', '开平市', '开平市'],
      ['鹤山市政府', '鹤山市', '鹤山市政府'],
    ]);
    expect(r.leadMode).toBe('separately');
    expect(r.findings).toEqual([]);
  });

  it('shares the 政府 suffix only with the district names right before it, not with departments', () => {
    expect(names('市工业和信息化局、市科技局、新会区、台山市政府分别牵头，市发展改革局配合').lead).toEqual([
      '市工业和信息化局',
      '市科技局',
      '新会区政府',
      '台山市政府',
    ]);
  });

  it('expands `各市（区）政府` to all seven district governments, as lead or cooperating unit', () => {
    expect(names('市交通运输局牵头，各市（区）政府配合').cooperating).toEqual(ALL_SEVEN);
    expect(names('各市（区）政府分别牵头，市公路局配合').lead).toEqual(ALL_SEVEN);
    expect(names('市交通运输局牵头，各市(区)政府配合').cooperating).toEqual(ALL_SEVEN);
  });

  it('corrects 市政服务服数据管理局, keeping the original spelling and reporting it', () => {
    const r = parse('市人才工作局牵头，市政服务服数据管理局、市金融局配合');

    expect(r.cooperating[0]).toMatchObject({
      name: '市政务服务数据管理局',
      typoOriginal: '市政服务服数据管理局',
    });
    expect(r.findings).toEqual([
      expect.objectContaining({
        kind: 'typo-normalised',
        original: '市政服务服数据管理局',
        normalised: '市政务服务数据管理局',
      }),
    ]);
  });

  it('corrects `政府政府` and still shares the suffix with the districts before it', () => {
    const r = parse('市发展改革局牵头，蓬江区、江海区、新会区、鹤山市政府政府配合');

    expect(r.cooperating.map((u) => u.name)).toEqual(gov('蓬江区', '江海区', '新会区', '鹤山市'));
    expect(r.cooperating[3]?.typoOriginal).toBe('鹤山市政府政府');
    expect(r.findings.map((f) => [f.kind, f.original, f.normalised])).toEqual([
      ['typo-normalised', '鹤山市政府政府', '鹤山市政府'],
    ]);
  });

  it('corrects `配合配合` and reports it', () => {
    const r = parse('市农业农村局牵头，开平市、鹤山市、恩平市政府配合配合');

    expect(r.cooperating.map((u) => u.name)).toEqual(KAI_HE_EN);
    expect(r.findings.map((f) => [f.kind, f.original, f.normalised])).toEqual([
      ['typo-normalised', '配合配合', '配合'],
    ]);
  });

  it('treats a trailing `。` as punctuation', () => {
    expect(names('市工业和信息化局牵头，市发展改革局配合。')).toEqual({
      lead: ['市工业和信息化局'],
      cooperating: ['市发展改革局'],
    });
  });

  it('registers the named unit of `市行政服务中心等市有关部门` and reports the open-ended list', () => {
    const r = parse('市政务服务数据管理局牵头，市水利局、市行政服务中心等市有关部门，各市（区）政府配合');

    expect(r.cooperating.map((u) => u.name)).toEqual(['市水利局', '市行政服务中心', ...ALL_SEVEN]);
    expect(r.findings.map((f) => [f.kind, f.original])).toEqual([
      ['open-ended-unit-list', '市行政服务中心等市有关部门'],
    ]);
  });

  it('reads a bare district name elsewhere in a list as its government, with a finding', () => {
    const r = parse('台山市牵头，市发展改革局配合');

    expect(r.lead.map((u) => u.name)).toEqual(['台山市政府']);
    expect(r.findings.map((f) => f.kind)).toEqual(['bare-district-name']);
  });

  it('registers no unit from a text with neither 牵头 nor 配合, and reports it', () => {
    const r = parse('市发展改革局负责');

    expect([r.lead, r.cooperating]).toEqual([[], []]);
    expect(r.findings.map((f) => [f.kind, f.original])).toEqual([
      ['unrecognised-responsibility', '市发展改革局负责'],
    ]);
  });

  it('reads the units after the lead as cooperating when 配合 is missing, and reports it', () => {
    const r = parse('市发展改革局牵头，市财政局');

    expect(r.cooperating.map((u) => u.name)).toEqual(['市财政局']);
    expect(r.findings.map((f) => f.kind)).toEqual(['unrecognised-responsibility']);
  });
});
