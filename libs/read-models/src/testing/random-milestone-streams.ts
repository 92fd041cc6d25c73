import type { IsoDate } from '@app/platform';
import type { MilestoneEvent, MilestonePlannedData } from '@app/milestones';

/** Deterministic PRNG (mulberry32): the same seed gives the same scenario. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = 86_400_000;
const SHA = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

const ZONES = ['都市核心区', '大广海湾区', '生态发展区'] as const;
const DISTRICTS = ['蓬江区', '江海区', '新会区', '台山市', '开平市', '鹤山市', '恩平市'] as const;
const UNITS = [
  'dept-development-reform',
  'dept-transport',
  'dept-natural-resources',
  'dept-commerce',
  'gov-pengjiang',
  'gov-taishan',
  'gov-enping',
  'dept-culture',
] as const;

export interface RandomStreamEvent {
  readonly event: MilestoneEvent;
  /** A plausible recording instant (ms), non-decreasing along the stream; the database sets its own. */
  readonly recordedMs: number;
}

export interface RandomStreamOptions {
  readonly milestoneId: string;
  /** Events after MilestonePlanned. */
  readonly events: number;
  /** Share of events dated well before the previous one (backdated reports). */
  readonly backdatedShare?: number;
  /** No submission, cancellation or withdrawal among the first this many events (default 0). */
  readonly openFor?: number;
}

const pick = <T>(rng: () => number, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
const iso = (ms: number): string => new Date(ms).toISOString();
const isoDay = (ms: number): IsoDate => iso(ms).slice(0, 10);

/** Plan data of a random milestone (2020–2022, a few zones, districts and units). */
export function randomPlannedData(rng: () => number, milestoneId: string): MilestonePlannedData {
  const year = 2020 + Math.floor(rng() * 3);
  const fromYear = rng() < 0.15 ? 2020 : year;
  const halfYear = rng() < 0.2;
  const zones = ZONES.filter(() => rng() < 0.4);
  const districts = DISTRICTS.filter(() => rng() < 0.35);
  const lead = pick(rng, UNITS);
  const cooperating = UNITS.filter((u) => u !== lead && rng() < 0.25);
  return {
    milestoneId,
    planKey: 'sanqu-2020',
    taskNo: 1 + Math.floor(rng() * 36),
    section: 1 + Math.floor(rng() * 5),
    taskTitle: `重点事项 ${milestoneId}`,
    period: { from: fromYear, to: year },
    dueDate: halfYear ? `${year}-06-30` : `${year}-12-31`,
    text: `${year}年，推进重点项目建设 ${milestoneId}。`,
    indicators: [],
    leadUnits: [lead],
    cooperatingUnits: cooperating,
    zones,
    districts: districts.length > 0 ? districts : [pick(rng, DISTRICTS)],
  };
}

/**
 * A random but plausible stream: MilestonePlanned (occurred at the start of 2020, like the plan import), then
 * reports, delays, submissions, acceptances, returns, re-baselines, target revisions, now and then a plan
 * revision, a cancellation or a withdrawal; some reports dated weeks before the previous event (backdated),
 * several events on one day. Not every event is one `decide` would accept (the read models must fold any
 * stream); most are.
 */
export function randomMilestoneStream(rng: () => number, opts: RandomStreamOptions): RandomStreamEvent[] {
  const planned = randomPlannedData(rng, opts.milestoneId);
  const backdatedShare = opts.backdatedShare ?? 0.08;
  const planStart = Date.parse('2019-12-31T16:00:00.000Z');
  const periodStart = Date.parse(`${planned.period.from}-01-01T00:00:00+08:00`);
  let now = periodStart + Math.floor(rng() * 60) * DAY + Math.floor(rng() * DAY);
  let recorded = now;
  let lifecycle: 'open' | 'submitted' | 'accepted' | 'closed' = 'open';
  let percent = 0;
  let dueDate = planned.dueDate;
  const out: RandomStreamEvent[] = [
    { event: { type: 'MilestonePlanned', data: planned, occurredAt: iso(planStart) }, recordedMs: recorded },
  ];
  for (let n = 0; n < opts.events; n++) {
    const sameDay = rng() < 0.1;
    if (!sameDay) now += Math.floor(1 + rng() * 38) * DAY;
    now += Math.floor(rng() * 3_600_000);
    let at = now;
    const backdated = rng() < backdatedShare;
    if (backdated) at = Math.max(periodStart, now - Math.floor(10 + rng() * 120) * DAY);
    recorded = Math.max(recorded, now) + Math.floor(rng() * 1000);
    const occurredAt = iso(at);
    const flag = backdated && now - at > 30 * DAY ? { backdated: true } : {};
    const r = n < (opts.openFor ?? 0) ? rng() * 0.63 : rng();
    let event: MilestoneEvent;
    if (lifecycle === 'submitted' && !backdated) {
      event =
        r < 0.65
          ? { type: 'CompletionAccepted', data: {}, occurredAt, ...flag }
          : { type: 'CompletionReturned', data: { reason: '佐证材料不全' }, occurredAt, ...flag };
      lifecycle = r < 0.65 ? 'accepted' : 'open';
    } else if (lifecycle === 'accepted' || lifecycle === 'closed') {
      // Rare afterwards: a plan revision (a closed milestone takes nothing else).
      if (r < 0.7) continue;
      event = {
        type: 'MilestoneRevised',
        data: { text: planned.text, dueDate: planned.dueDate, indicators: [], previousText: planned.text },
        occurredAt,
      };
    } else if (r < 0.55) {
      // Around the linear expectation, so that milestones fall behind (red) and catch up (amber) often.
      const span = Date.parse(`${dueDate}T00:00:00+08:00`) - periodStart;
      const expected = span > 0 ? Math.min(1, Math.max(0, (at - periodStart) / span)) * 100 : 100;
      percent = Math.max(0, Math.min(100, Math.round(expected * (0.6 + rng() * 0.6))));
      const forecast = rng() < 0.3 ? { forecastDate: isoDay(at + Math.floor(rng() * 400) * DAY) } : {};
      event = {
        type: 'ProgressReported',
        data: { percent, narrative: '按计划推进。', ...forecast },
        occurredAt,
        ...flag,
      };
    } else if (r < 0.63) {
      event = {
        type: 'DelayReported',
        data: { reason: '征地拆迁滞后', forecastDate: isoDay(at + Math.floor(30 + rng() * 300) * DAY) },
        occurredAt,
        ...flag,
      };
    } else if (r < 0.78 && !backdated) {
      event = {
        type: 'CompletionSubmitted',
        data: {
          completedOn: isoDay(at - Math.floor(rng() * 5) * DAY),
          narrative: '已完成。',
          evidence: [{ name: '验收报告.pdf', sha256: SHA }],
        },
        occurredAt,
      };
      lifecycle = 'submitted';
    } else if (r < 0.86) {
      const newDueDate = isoDay(Date.parse(`${dueDate}T00:00:00Z`) + Math.floor(30 + rng() * 200) * DAY);
      event = {
        type: 'DueDateRebaselined',
        data: { newDueDate, previousDueDate: dueDate, reason: '经批准调整' },
        occurredAt,
        ...flag,
      };
      dueDate = newDueDate;
    } else if (r < 0.9) {
      event = {
        type: 'IndicatorTargetRevised',
        data: { metric: '指标', oldTarget: 10, newTarget: 8, reason: '调整' },
        occurredAt,
      };
    } else if (r < 0.93) {
      event = {
        type: 'MilestoneRevised',
        data: {
          text: `${planned.text}（修订）`,
          dueDate: rng() < 0.5 ? planned.dueDate : `${planned.period.to}-09-30`,
          indicators: [],
          previousText: planned.text,
        },
        occurredAt,
      };
    } else if (r < 0.95) {
      event = { type: 'MilestoneCancelled', data: { reason: '并入其他任务' }, occurredAt };
      lifecycle = 'closed';
    } else if (r < 0.96) {
      event = { type: 'MilestoneWithdrawn', data: { reason: '不在修订后的计划中' }, occurredAt };
      lifecycle = 'closed';
    } else {
      percent = Math.min(100, percent + 5);
      event = { type: 'ProgressReported', data: { percent, narrative: '推进中。' }, occurredAt, ...flag };
    }
    out.push({ event, recordedMs: recorded });
  }
  return out;
}
