import type { ParsedPlan } from '../model/plan.model';
import { parsePlanDocument } from './plan-document.parser';
import { findPlaces } from './place.matcher';
import { readSeedDocument, seedGazetteer } from './testing/seed-document';

function task(plan: ParsedPlan, no: number) {
  const found = plan.tasks.find((t) => t.no === no);
  if (!found) throw new Error(`task ${no} not parsed`);
  return found;
}

const reasonsOf = (refs: readonly { name: string; reasons: readonly { kind: string }[] }[]) =>
  refs.map((r) => [r.name, r.reasons.map((x) => x.kind)]);

describe('zones and districts of the seed’s tasks', () => {
  const plan = parsePlanDocument(readSeedDocument());

  it('puts a task of sections 一 to 三 in the section’s zone', () => {
    expect(task(plan, 1).zones).toEqual([
      {
        name: '都市核心区',
        reason: 'section',
        reasons: [{ kind: 'section', evidence: '一、强化都市核心区引领带动能力' }],
      },
    ]);
    expect(task(plan, 9).zones.map((z) => z.name)).toEqual(['大广海湾区']);
    expect(task(plan, 17).zones.map((z) => z.name)).toEqual(['生态发展区']);
  });

  it('marks a task city-wide (全市) exactly when no zone is named: sections 四 and 五 unless the text names places', () => {
    expect(plan.tasks.filter((t) => t.cityWide).map((t) => t.no)).toEqual([
      21, 22, 23, 25, 26, 27, 28, 29, 31, 32, 33, 34, 35, 36,
    ]);
    expect(plan.tasks.every((t) => t.cityWide === (t.zones.length === 0))).toBe(true);
    expect(reasonsOf(task(plan, 30).zones)).toEqual([
      ['都市核心区', ['named-in-text']],
      ['大广海湾区', ['named-in-text']],
      ['生态发展区', ['named-in-text']],
    ]);
    expect(task(plan, 29).zones).toEqual([]);
  });

  it('finds towns named in the text, with their district and zone (task 13: 崖门镇, 横陂镇)', () => {
    const t13 = task(plan, 13);

    expect(t13.towns.map((t) => [t.name, t.district, t.zone])).toEqual([
      ['崖门镇', '新会区', '大广海湾区'],
      ['横陂镇', '恩平市', '大广海湾区'],
    ]);
    expect(reasonsOf(t13.districts)).toEqual([
      ['新会区', ['town-in-text', 'cooperating-government']],
      ['台山市', ['cooperating-government']],
      ['恩平市', ['town-in-text', 'cooperating-government']],
    ]);
  });

  it('reads a district’s short name followed by a town (开平塘口, 鹤山址山, 台山大江), and a road section named after a town (双水段), as that town (task 24)', () => {
    const t24 = task(plan, 24);

    expect(t24.towns.map((t) => t.name)).toEqual(['大江镇', '址山镇', '双水镇', '塘口镇']);
    expect(reasonsOf(t24.zones)).toEqual([
      ['都市核心区', ['town-in-text']],
      ['大广海湾区', ['town-in-text']],
      ['生态发展区', ['town-in-text']],
    ]);
  });

  it('gives each district its reasons, strongest first: lead government, named, town, cooperating (task 5)', () => {
    expect(task(plan, 5).districts.map((d) => [d.name, d.reason, d.reasons.map((r) => r.kind)])).toEqual([
      ['新会区', 'lead-government', ['lead-government']],
      ['台山市', 'lead-government', ['lead-government', 'named-in-text']],
      ['开平市', 'lead-government', ['lead-government', 'named-in-text']],
      ['鹤山市', 'lead-government', ['lead-government', 'named-in-text', 'town-in-text']],
    ]);
    expect(task(plan, 5).districts[2]?.reasons[1]?.evidence).toContain('开平翠山湖');
  });

  it('counts short district names in running text (蓬江、江海、新会三区, task 4)', () => {
    const named = task(plan, 4).districts.filter((d) => d.reasons.some((r) => r.kind === 'named-in-text'));

    expect(named.map((d) => d.name)).toEqual(['蓬江区', '江海区', '新会区']);
  });
});

describe('findPlaces', () => {
  const gazetteer = seedGazetteer();

  it('does not read 公开平台 as 开平 or a bare short town name (川岛) as a town', () => {
    expect(findPlaces('建设公开平台，大力推动川岛“海丝申遗”工作', gazetteer)).toEqual([]);
  });

  it('reads a district followed by one of its towns as the town only', () => {
    expect(findPlaces('开平市塘口镇、恩平市牛江镇', gazetteer).map((p) => [p.kind, p.name])).toEqual([
      ['town', '塘口镇'],
      ['town', '牛江镇'],
    ]);
  });
});
