import type { IsoDate } from '@app/platform';
import {
  assignmentPlans,
  type EventActor,
  type LeadMode,
  type MilestoneEvent,
  type MilestonePlannedData,
} from '@app/milestones';
import { pick, randomPlannedData, UNITS } from './random-plan';

const DAY = 86_400_000;
const SHA = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

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
  /**
   * Lead units (default 1, at most 7). Several: a 分别牵头 milestone (one assignment each), or with `leadMode`
   * `jointly` a 共同牵头 one (one shared assignment). Events then mostly name their assignment; some name none
   * (older streams: routed by the recorder's unit, or to every open / submitted assignment) and some decide on the
   * whole milestone (re-baseline, target, cancellation); now and then a revised plan changes who leads.
   */
  readonly leads?: number;
  readonly leadMode?: LeadMode;
}

const iso = (ms: number): string => new Date(ms).toISOString();
const isoDay = (ms: number): IsoDate => iso(ms).slice(0, 10);

type Phase = 'open' | 'submitted' | 'accepted' | 'closed';

interface Share {
  readonly key: string;
  readonly leadUnits: readonly string[];
  phase: Phase;
  percent: number;
  dueDate: IsoDate;
}

/** How an event on a multi-assignment milestone says which assignment it concerns. */
interface Scope {
  readonly data: { readonly assignment?: string };
  readonly actor: EventActor;
}

/** The state of a stream being generated: the plan, its shares (assignments) and what each has done. */
class StreamState {
  readonly periodStart: number;
  leadUnits: string[];
  shares: Share[];

  constructor(
    private readonly rng: () => number,
    readonly planned: MilestonePlannedData,
  ) {
    this.periodStart = Date.parse(`${planned.period.from}-01-01T00:00:00+08:00`);
    this.leadUnits = [...planned.leadUnits];
    this.shares = assignmentPlans(this.leadUnits, this.mode()).map((p) => this.share(p.key, p.leadUnits));
  }

  private mode(): LeadMode {
    return this.planned.leadMode ?? (this.leadUnits.length > 1 ? 'separately' : 'single');
  }

  private share(key: string, lead: readonly string[]): Share {
    return { key, leadUnits: lead, phase: 'open', percent: 0, dueDate: this.planned.dueDate };
  }

  /** Named (70 %), by the recorder's unit (15 %) or neither (15 %: the office, an older stream). */
  scopeOf(a: Share): Scope {
    const unit = a.leadUnits[0];
    if (this.shares.length <= 1) {
      return { data: {}, actor: unit ? { role: 'reporter', unit } : { role: 'supervisor' } };
    }
    const r = this.rng();
    if (r < 0.7) return { data: { assignment: a.key }, actor: { role: 'reporter', unit: unit ?? 'x' } };
    if (r < 0.85 && unit !== undefined) return { data: {}, actor: { role: 'reporter', unit } };
    return { data: {}, actor: { role: 'supervisor' } };
  }

  /** A revised responsibility: the new lead units' shares join (those no longer named stay, withdrawn). */
  newLeads(leadUnits: readonly string[]): void {
    this.leadUnits = [...leadUnits];
    const plans = assignmentPlans(this.leadUnits, this.mode());
    this.shares = [
      ...this.shares,
      ...plans
        .filter((p) => !this.shares.some((s) => s.key === p.key))
        .map((p) => this.share(p.key, p.leadUnits)),
    ];
  }
}

/** When an event happened and was recorded, and whether it is flagged backdated. */
interface Moment {
  readonly at: number;
  readonly occurredAt: string;
  readonly backdated: boolean;
  readonly flag: { readonly backdated?: true };
}

/** The event `r` picks for share `a` (undefined: none this time), updating the state. */
function eventFor(
  rng: () => number,
  st: StreamState,
  r: number,
  a: Share,
  m: Moment,
): MilestoneEvent | undefined {
  const scope = st.scopeOf(a);
  const { at, occurredAt, backdated, flag } = m;
  const as = { occurredAt, actor: scope.actor };
  if (a.phase === 'submitted' && !backdated) {
    const accept = r < 0.65;
    a.phase = accept ? 'accepted' : 'open';
    return accept
      ? { type: 'CompletionAccepted', data: { ...scope.data }, ...as, ...flag }
      : { type: 'CompletionReturned', data: { ...scope.data, reason: '佐证材料不全' }, ...as, ...flag };
  }
  if (a.phase === 'accepted' || a.phase === 'closed') {
    // Rare afterwards: a plan revision (a closed share takes nothing else).
    return r < 0.7 ? undefined : revision(rng, st.planned, st.leadUnits, r < 0.8, occurredAt);
  }
  if (r < 0.55) {
    // Around the linear expectation, so that milestones fall behind (red) and catch up (amber) often.
    const span = Date.parse(`${a.dueDate}T00:00:00+08:00`) - st.periodStart;
    const expected = span > 0 ? Math.min(1, Math.max(0, (at - st.periodStart) / span)) * 100 : 100;
    a.percent = Math.max(0, Math.min(100, Math.round(expected * (0.6 + rng() * 0.6))));
    const forecast = rng() < 0.3 ? { forecastDate: isoDay(at + Math.floor(rng() * 400) * DAY) } : {};
    const data = { ...scope.data, percent: a.percent, narrative: '按计划推进。', ...forecast };
    return { type: 'ProgressReported', data, ...as, ...flag };
  }
  if (r < 0.63) {
    const forecastDate = isoDay(at + Math.floor(30 + rng() * 300) * DAY);
    return {
      type: 'DelayReported',
      data: { ...scope.data, reason: '征地拆迁滞后', forecastDate },
      ...as,
      ...flag,
    };
  }
  if (r < 0.78 && !backdated) {
    a.phase = 'submitted';
    const completedOn = isoDay(at - Math.floor(rng() * 5) * DAY);
    const evidence = [{ name: '验收报告.pdf', sha256: SHA }];
    return {
      type: 'CompletionSubmitted',
      data: { ...scope.data, completedOn, narrative: '已完成。', evidence },
      ...as,
    };
  }
  if (r < 0.95) return decisionFor(rng, st, r, a, scope, m);
  if (r < 0.96) {
    for (const s of st.shares) s.phase = 'closed';
    return { type: 'MilestoneWithdrawn', data: { reason: '不在修订后的计划中' }, occurredAt };
  }
  a.percent = Math.min(100, a.percent + 5);
  return {
    type: 'ProgressReported',
    data: { ...scope.data, percent: a.percent, narrative: '推进中。' },
    ...as,
    ...flag,
  };
}

/** A decision on the plan (r in [0.63, 0.95)): re-baseline, target, revised plan, cancellation. */
function decisionFor(
  rng: () => number,
  st: StreamState,
  r: number,
  a: Share,
  scope: Scope,
  m: Moment,
): MilestoneEvent {
  const { occurredAt, flag } = m;
  const office = { occurredAt, actor: { role: 'supervisor' } };
  if (r < 0.86) {
    // The office re-baselines one assignment, or (without naming one) every open one.
    const newDueDate = isoDay(Date.parse(`${a.dueDate}T00:00:00Z`) + Math.floor(30 + rng() * 200) * DAY);
    const named = officeScope(rng, scope);
    for (const s of named.assignment === undefined ? st.shares : [a])
      if (s.phase === 'open') s.dueDate = newDueDate;
    const data = { ...named, newDueDate, previousDueDate: a.dueDate, reason: '经批准调整' };
    return { type: 'DueDateRebaselined', data, ...office, ...flag };
  }
  if (r < 0.9) {
    const data = { ...officeScope(rng, scope), metric: '指标', oldTarget: 10, newTarget: 8, reason: '调整' };
    return { type: 'IndicatorTargetRevised', data, ...office };
  }
  if (r < 0.93) {
    // A revised plan: now and then (multi-lead milestones) with another set of lead units.
    const changeLeads = st.planned.leadUnits.length > 1 && rng() < 0.4;
    const event = revision(rng, st.planned, st.leadUnits, false, occurredAt, changeLeads);
    if (event.type === 'MilestoneRevised' && event.data.leadUnits !== undefined)
      st.newLeads(event.data.leadUnits);
    return event;
  }
  const named = officeScope(rng, scope);
  for (const s of named.assignment === undefined ? st.shares : [a]) s.phase = 'closed';
  // A whole cancellation as written now (wholeMilestone), or now and then as written before that rule.
  const whole = named.assignment === undefined && rng() < 0.75 ? { wholeMilestone: true as const } : {};
  return { type: 'MilestoneCancelled', data: { ...named, reason: '并入其他任务', ...whole }, ...office };
}

/**
 * A random but plausible stream: MilestonePlanned (occurred at the start of 2020, like the plan import), then
 * reports, delays, submissions, acceptances, returns, re-baselines, target revisions, now and then a plan
 * revision, a cancellation or a withdrawal; some reports dated weeks before the previous event (backdated),
 * several events on one day. Not every event is one `decide` would accept (the read models must fold any
 * stream); most are.
 */
export function randomMilestoneStream(rng: () => number, opts: RandomStreamOptions): RandomStreamEvent[] {
  const planned = randomPlannedData(rng, opts.milestoneId, opts.leads ?? 1, opts.leadMode);
  const backdatedShare = opts.backdatedShare ?? 0.08;
  const st = new StreamState(rng, planned);
  let now = st.periodStart + Math.floor(rng() * 60) * DAY + Math.floor(rng() * DAY);
  let recorded = now;
  const planStart = iso(Date.parse('2019-12-31T16:00:00.000Z'));
  const out: RandomStreamEvent[] = [
    { event: { type: 'MilestonePlanned', data: planned, occurredAt: planStart }, recordedMs: recorded },
  ];
  for (let n = 0; n < opts.events; n++) {
    const sameDay = rng() < 0.1;
    if (!sameDay) now += Math.floor(1 + rng() * 38) * DAY;
    now += Math.floor(rng() * 3_600_000);
    let at = now;
    const backdated = rng() < backdatedShare;
    if (backdated) at = Math.max(st.periodStart, now - Math.floor(10 + rng() * 120) * DAY);
    recorded = Math.max(recorded, now) + Math.floor(rng() * 1000);
    const flag: { backdated?: true } = backdated && now - at > 30 * DAY ? { backdated: true } : {};
    const r = n < (opts.openFor ?? 0) ? rng() * 0.63 : rng();
    const a = pick(rng, st.shares);
    const event = eventFor(rng, st, r, a, { at, occurredAt: iso(at), backdated, flag });
    if (event !== undefined) out.push({ event, recordedMs: recorded });
  }
  return out;
}

/** A decision of the office: on the assignment the scope names, or (one time in two) on the whole milestone. */
function officeScope(rng: () => number, scope: Scope): { assignment?: string } {
  return rng() < 0.5 ? {} : { ...scope.data };
}

/** A plan revision: the same line (a re-import), or a new text and date; with `changeLeads` one lead unit less or more. */
function revision(
  rng: () => number,
  planned: MilestonePlannedData,
  leadUnits: readonly string[],
  same: boolean,
  occurredAt: string,
  changeLeads = false,
): MilestoneEvent {
  const base = { text: planned.text, dueDate: planned.dueDate, indicators: [], previousText: planned.text };
  if (same) return { type: 'MilestoneRevised', data: base, occurredAt };
  const text = `${planned.text}（修订）`;
  const dueDate = rng() < 0.5 ? planned.dueDate : `${planned.period.to}-09-30`;
  if (!changeLeads) return { type: 'MilestoneRevised', data: { ...base, text, dueDate }, occurredAt };
  const extra = UNITS.find((u) => !leadUnits.includes(u));
  const next =
    leadUnits.length > 2 || extra === undefined
      ? leadUnits.filter((_, i) => i !== Math.floor(rng() * leadUnits.length))
      : [...leadUnits, extra];
  return {
    type: 'MilestoneRevised',
    data: {
      ...base,
      text,
      dueDate,
      leadUnits: next,
      leadMode: planned.leadMode ?? 'separately',
      cooperatingUnits: planned.cooperatingUnits,
    },
    occurredAt,
  };
}
