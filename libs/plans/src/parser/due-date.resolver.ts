import type { DueDateSource, NamedDate, Period, PlanDate } from '../model/plan.model';

/**
 * Dates named in a plan line (`12月底前`, `年内`, `上半年`, `2021年6月底前`…). A date without a year is in
 * the period's last year.
 */

interface DatePattern {
  readonly regex: RegExp;
  readonly toDate: (m: RegExpExecArray, defaultYear: number) => PlanDate;
}

const QUARTERS = '一二三四';

function iso(year: number, month: number, day: number): PlanDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function lastDayOfMonth(year: number, month: number): PlanDate {
  return iso(year, month, new Date(Date.UTC(year, month, 0)).getUTCDate());
}

function yearOf(text: string | undefined, defaultYear: number): number {
  return text ? Number(text) : defaultYear;
}

function dayBefore(year: number, month: number): PlanDate {
  return month <= 1 ? iso(year - 1, 12, 31) : lastDayOfMonth(year, month - 1);
}

const PATTERNS: readonly DatePattern[] = [
  {
    // 2021年6月30日前
    regex: /(?:(20\d{2})年)?(\d{1,2})月(\d{1,2})日(?:以?前)/gu,
    toDate: (m, y) => iso(yearOf(m[1], y), Number(m[2]), Number(m[3])),
  },
  {
    // 12月底前, 6月底, 9月末
    regex: /(?:(20\d{2})年)?(\d{1,2})月份?[底末](?:以?前)?/gu,
    toDate: (m, y) => lastDayOfMonth(yearOf(m[1], y), Number(m[2])),
  },
  {
    // 6月前: before June
    regex: /(?:(20\d{2})年)?(\d{1,2})月份?以?前/gu,
    toDate: (m, y) => dayBefore(yearOf(m[1], y), Number(m[2])),
  },
  {
    regex: /(?:(20\d{2})年)?([上下])半年/gu,
    toDate: (m, y) => (m[2] === '上' ? iso(yearOf(m[1], y), 6, 30) : iso(yearOf(m[1], y), 12, 31)),
  },
  {
    // 一季度, 第三季度
    regex: /(?:(20\d{2})年)?第?([一二三四])季度/gu,
    toDate: (m, y) => lastDayOfMonth(yearOf(m[1], y), (QUARTERS.indexOf(m[2] ?? '一') + 1) * 3),
  },
  {
    // 年内, 年底, 年底前, 年末, 2020年底
    regex: /(20\d{2})?年(?:内|底前?|末)/gu,
    toDate: (m, y) => iso(yearOf(m[1], y), 12, 31),
  },
];

interface DateMatch extends NamedDate {
  readonly index: number;
  readonly end: number;
}

function allMatches(text: string, defaultYear: number): DateMatch[] {
  return PATTERNS.flatMap((p) =>
    [...text.matchAll(p.regex)].map((m) => ({
      span: m[0],
      date: p.toDate(m, defaultYear),
      index: m.index,
      end: m.index + m[0].length,
    })),
  );
}

/** Named dates in reading order; where patterns overlap, the earliest and longest match wins. */
export function findNamedDates(text: string, defaultYear: number): NamedDate[] {
  const sorted = allMatches(text, defaultYear).sort((a, b) => a.index - b.index || b.end - a.end);
  const kept: DateMatch[] = [];
  for (const m of sorted) if (m.index >= (kept.at(-1)?.end ?? 0)) kept.push(m);
  return kept.map(({ span, date }) => ({ span, date }));
}

/** A date expression at the very start of the line (`2020年上半年，…`, `2021年6月底前，…`). */
export function leadingNamedDate(line: string, defaultYear: number): NamedDate | undefined {
  const first = allMatches(line, defaultYear)
    .filter((m) => m.index === 0)
    .sort((a, b) => b.end - a.end)[0];
  return first ? { span: first.span, date: first.date } : undefined;
}

export interface DueDate {
  readonly dueDate: PlanDate;
  readonly dueDateSource: DueDateSource;
  readonly namedDates: readonly NamedDate[];
}

function latest(dates: readonly NamedDate[]): PlanDate {
  return dates.map((d) => d.date).reduce((a, b) => (b > a ? b : a));
}

/**
 * Due date of a dated plan line: 31 December of the period's last year, unless the text sets it —
 * a date right after the period (`2020年上半年，…`) governs the whole line; otherwise, when every
 * sentence (split at `；`/`。`) names a date, the latest of them. Dates naming only part of a line
 * (`…；争取年内动工；…`) are kept in `namedDates` as deadlines of that part.
 */
export function resolveDueDate(line: string, period: Period): DueDate {
  const periodEnd = iso(period.to, 12, 31);
  const leading = leadingNamedDate(line, period.to);
  const namedDates = findNamedDates(line, period.to);
  if (leading) return { dueDate: leading.date, dueDateSource: 'named-in-text', namedDates };
  const sentences = line
    .split(/[；;。]/u)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  const everySentenceDated =
    namedDates.length > 0 && sentences.every((s) => findNamedDates(s, period.to).length > 0);
  return everySentenceDated
    ? { dueDate: latest(namedDates), dueDateSource: 'named-in-text', namedDates }
    : { dueDate: periodEnd, dueDateSource: 'period-end', namedDates };
}
