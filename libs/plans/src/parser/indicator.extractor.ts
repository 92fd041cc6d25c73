import { townShortName, type Gazetteer } from '../model/gazetteer';
import type { Comparator, Indicator } from '../model/plan.model';
import { findPlaces } from './place.matcher';

/**
 * Quantitative targets in a plan line: `引进至少50个投资超亿元的产业项目`, `美丽宜居村比例65%以上`,
 * `新增“三旧”改造面积3000亩`, `预计完成投资27.05亿元`.
 *
 * Rules:
 * - a quantity is a number with a unit; counts (个 家 场 条 项 所 …) may be followed by what they count
 *   (`5家企业`); measures (% 亩 公顷 亿元 …) must end their phrase, otherwise they describe something
 *   (`45.16公顷红树林`, `投资超10亿元的产业项目`) and are no target; so is `200人以上自然村`;
 * - the metric is the phrase (between `，`/`；`/`。`; between `、` when it holds several quantities) with the
 *   quantity removed; in an enumeration `甲、乙等建设项目24个` only what follows `等` is kept;
 * - comparators: 至少/不少于/不低于/超过/达/达到/以上 → `>=`; 不超过/不高于/以下/以内 → `<=`;
 *   约/左右, or 预计 earlier in the phrase → `~`; `1-2个` → `between`; otherwise `=`.
 */

const MEASURE_UNITS = [
  '%',
  '％',
  '亿元',
  '万元',
  '元',
  '万亩',
  '亩',
  '公顷',
  '平方公里',
  '万平方米',
  '平方米',
  '公里',
  '千米',
];
const COUNT_UNITS = [
  '人次',
  '万人',
  '人',
  '个',
  '家',
  '场',
  '条',
  '项',
  '所',
  '座',
  '宗',
  '辆',
  '套',
  '名',
  '处',
  '次',
];
const UNITS = [...MEASURE_UNITS, ...COUNT_UNITS].sort((a, b) => b.length - a.length);

const AT_LEAST = ['至少', '不少于', '不低于', '超过', '达到', '达'];
const AT_MOST = ['不超过', '不高于'];
const ABOUT = ['约'];
const PREFIXES = [...AT_LEAST, ...AT_MOST, ...ABOUT, '各'].sort((a, b) => b.length - a.length);

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}

const QUANTITY = new RegExp(
  `(${PREFIXES.map(escape).join('|')})?` +
    `(\\d+(?:\\.\\d+)?)(?:\\s*[-—–~～至]\\s*(\\d+(?:\\.\\d+)?))?` +
    `\\s*(${UNITS.map(escape).join('|')})` +
    `(以上|以下|以内|左右)?`,
  'gu',
);
const HEDGE = /预计/u;
/** Characters that may follow a measure that ends its phrase. */
const PHRASE_END = /^[、）)」》”"'\s]/u;
const TARGET_TAIL = '的目标';
/** `等` ending an enumeration, not 等级/等同/等于/等待/平等/相等/均等. */
const ENUMERATION_ETC = /(?<![平相均])等(?![级同于待])/gu;

interface Quantity {
  readonly index: number;
  readonly end: number;
  readonly text: string;
  readonly prefix: string | undefined;
  readonly suffix: string | undefined;
  readonly target: number;
  readonly targetMax: number | undefined;
  readonly unit: string;
}

interface Segment {
  readonly text: string;
  readonly index: number;
}

function segmentsOf(text: string, separators: RegExp, offset = 0): Segment[] {
  const segments: Segment[] = [];
  let start = 0;
  for (const m of text.matchAll(separators)) {
    segments.push({ text: text.slice(start, m.index), index: offset + start });
    start = m.index + m[0].length;
  }
  segments.push({ text: text.slice(start), index: offset + start });
  return segments.filter((s) => s.text.trim().length > 0);
}

function toQuantity(m: RegExpExecArray, text: string): Quantity | undefined {
  const [whole, prefix, value = '', max, unit = '', suffix] = m;
  const numberStart = m.index + (prefix?.length ?? 0);
  // G240, PM2.5, 第3次: part of a name or an ordinal, not a quantity.
  if (/[A-Za-z0-9.．第]/u.test(text[numberStart - 1] ?? '')) return undefined;
  const rest = text.slice(m.index + whole.length);
  let end = m.index + whole.length;
  if (MEASURE_UNITS.includes(unit)) {
    if (rest.startsWith(TARGET_TAIL)) end += TARGET_TAIL.length;
    else if (rest.length > 0 && !PHRASE_END.test(rest)) return undefined;
  } else if (suffix && rest.length > 0 && !PHRASE_END.test(rest)) {
    return undefined;
  }
  return {
    index: m.index,
    end,
    text: whole,
    prefix,
    suffix,
    target: Number(value),
    targetMax: max === undefined ? undefined : Number(max),
    unit,
  };
}

function quantitiesIn(clause: string): Quantity[] {
  return [...clause.matchAll(QUANTITY)].flatMap((m) => toQuantity(m, clause) ?? []);
}

function comparatorOf(q: Quantity, before: string): Comparator {
  if (q.targetMax !== undefined) return 'between';
  const { prefix, suffix } = q;
  if ((prefix && AT_LEAST.includes(prefix)) || suffix === '以上') return '>=';
  if ((prefix && AT_MOST.includes(prefix)) || suffix === '以下' || suffix === '以内') return '<=';
  if ((prefix && ABOUT.includes(prefix)) || suffix === '左右' || HEDGE.test(before)) return '~';
  return '=';
}

function metricOf(segment: string, qStart: number, qEnd: number, hedged: boolean): string {
  let before = segment.slice(0, qStart);
  const etc = [...before.matchAll(ENUMERATION_ETC)].at(-1);
  if (etc) before = before.slice(etc.index + 1);
  if (hedged) before = before.replace(HEDGE, '');
  return `${before}${segment.slice(qEnd)}`.replace(/\s+/gu, '').replace(/^[、，,]+|[、，,]+$/gu, '');
}

/** `大江至那金段`: a road section from a town to another place is the scope, not the town it starts in. */
const ROAD_SECTION = /^至([\u4e00-\u9fff]{1,6}?)段/u;

function scopeOf(body: string, absoluteIndex: number, gazetteer: Gazetteer | undefined): string[] {
  if (!gazetteer) return [];
  const sentence = segmentsOf(body, /[；;。]/gu)
    .filter((s) => s.index <= absoluteIndex)
    .at(-1);
  const before = sentence ? body.slice(sentence.index, absoluteIndex) : '';
  const names = findPlaces(before, gazetteer).map((p) => {
    const road = p.kind === 'town' ? ROAD_SECTION.exec(before.slice(p.end)) : null;
    return road ? `${townShortName(p.name)}至${road[1] ?? ''}段` : p.name;
  });
  return [...new Set(names)];
}

function indicatorsOfClause(body: string, clause: Segment, gazetteer: Gazetteer | undefined): Indicator[] {
  const quantities = quantitiesIn(clause.text);
  const parts = quantities.length > 1 ? segmentsOf(clause.text, /、/gu) : [{ text: clause.text, index: 0 }];
  return quantities.map((q): Indicator => {
    const part = parts.find((p) => p.index <= q.index && q.index < p.index + p.text.length) ?? {
      text: clause.text,
      index: 0,
    };
    const comparator = comparatorOf(q, clause.text.slice(0, q.index));
    const leading = part.text.length - part.text.trimStart().length;
    const source = part.text.trim();
    const start = q.index - part.index - leading;
    return {
      metric: metricOf(
        source,
        start,
        start + (q.end - q.index),
        comparator === '~' && !q.prefix && !q.suffix,
      ),
      comparator,
      target: q.target,
      ...(q.targetMax !== undefined ? { targetMax: q.targetMax } : {}),
      unit: q.unit === '％' ? '%' : q.unit,
      each: q.prefix === '各',
      scope: scopeOf(body, clause.index + q.index, gazetteer),
      source,
      quantityText: q.text,
    };
  });
}

/** Rates (率, 比例) joined by 及/和 under one quantity: `等级公路比率及路面铺装率达100%` is two targets. */
const JOINED_RATES = /^(.+?(?:率|比例))(?:及|和|与)(.+?(?:率|比例))$/u;

function splitJoinedRates(indicator: Indicator): Indicator[] {
  if (indicator.unit !== '%') return [indicator];
  const m = JOINED_RATES.exec(indicator.metric);
  if (!m) return [indicator];
  return [m[1] ?? '', m[2] ?? ''].map((metric) => ({ ...indicator, metric }));
}

/** Indicators of a plan line's body (the text after its period), in reading order. */
export function extractIndicators(body: string, gazetteer?: Gazetteer): Indicator[] {
  return segmentsOf(body, /[，。；：！？,;:]/gu).flatMap((clause) =>
    indicatorsOfClause(body, clause, gazetteer).flatMap(splitJoinedRates),
  );
}
