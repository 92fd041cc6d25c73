import { assertUnreachable, type HealthThresholds, type IsoDate } from '@app/platform';
import type { HealthColour } from '../labels/milestone.labels';
import { daysFromTo } from './calendar-days';
import { periodStart, type AssessmentFacts } from './milestone-facts';
import { daysPastDue } from './schedule';
import {
  expectedPercentAt,
  progressLevel,
  reportCadenceReference,
  HEALTH_REASON_CODES,
  type HealthReasonCode,
} from './health-rules';
import { workingCalendar, workingDaysBetween, type Holidays } from './working-days';

/** The rules' decision on a date: the colour and the codes of its reasons, without their figures. */
export interface HealthJudgement {
  readonly colour: HealthColour;
  /** The reasons' codes, in the order the rules list them. */
  readonly reasons: readonly HealthReasonCode[];
  /** The same codes joined with commas: what makes two dates "the same health". */
  readonly codes: string;
}

/**
 * The order reasons are listed in: the codes' own order, but for the red tier, whose reasons the rules list as they
 * check them (overdue, then the forecast, then the progress). One tier decides the colour, so a judgement holds the
 * codes of one tier only.
 */
const RED_LISTED: readonly HealthReasonCode[] = ['overdue', 'forecast_after_due', 'behind_schedule'];
const LISTED: readonly HealthReasonCode[] = [
  ...RED_LISTED,
  ...HEALTH_REASON_CODES.filter((code) => !RED_LISTED.includes(code)),
];
const BIT = Object.fromEntries(LISTED.map((code, i) => [code, 1 << i])) as Record<HealthReasonCode, number>;
const COLOUR_NO: Record<HealthColour, number> = { green: 0, amber: 1, red: 2, grey: 3 };

/** Every judgement is one of a few dozen: made once each, so judging a date allocates nothing. */
const JUDGEMENTS = new Map<number, HealthJudgement>();

function judgement(colour: HealthColour, reasons: number): HealthJudgement {
  const key = reasons * 4 + COLOUR_NO[colour];
  let j = JUDGEMENTS.get(key);
  if (j === undefined) {
    const listed = LISTED.filter((code) => (reasons & BIT[code]) !== 0);
    j = Object.freeze({ colour, reasons: Object.freeze(listed), codes: listed.join(',') });
    JUDGEMENTS.set(key, j);
  }
  return j;
}

/**
 * The health rules (see `health-rules.ts` for the table) at `asOf`: which tier decides the colour and which of its
 * reasons hold. `assessHealth` adds the figures behind each reason (`reasonFact`); the health history of a replay
 * evaluates this at every breakpoint of every version and needs nothing more.
 */
export function judgeHealth(
  facts: AssessmentFacts,
  asOf: IsoDate,
  thresholds: HealthThresholds,
  holidays: Holidays,
): HealthJudgement {
  switch (facts.lifecycle) {
    case 'accepted':
      return judgement('green', BIT.accepted);
    case 'cancelled':
      return judgement('grey', BIT.cancelled);
    case 'withdrawn':
      return judgement('grey', BIT.withdrawn);
    case 'planned':
    case 'in_progress':
    case 'returned':
    case 'submitted':
      return judgeOpen(facts, asOf, thresholds, holidays);
    default:
      return assertUnreachable(facts.lifecycle, 'milestone lifecycle');
  }
}

function judgeOpen(
  facts: AssessmentFacts,
  asOf: IsoDate,
  thresholds: HealthThresholds,
  holidays: Holidays,
): HealthJudgement {
  const submitted = facts.lifecycle === 'submitted';
  const overdue = daysPastDue(facts.dueDate, asOf) > 0;
  const level =
    !submitted && facts.percent !== null
      ? progressLevel(facts.percent, expectedPercentAt(facts, asOf), thresholds)
      : 0;

  let red = overdue ? BIT.overdue : 0;
  if (!submitted && facts.forecastDate !== null && facts.forecastDate > facts.dueDate) {
    red |= BIT.forecast_after_due;
  }
  if (level === 2) red |= BIT.behind_schedule;
  if (overdue) return judgement('red', red);

  if (!submitted && daysFromTo(reportCadenceReference(facts), asOf) > thresholds.reportCadenceDays) {
    return judgement('grey', BIT.no_recent_report);
  }
  if (red !== 0) return judgement('red', red);

  let amber = 0;
  if (
    !submitted &&
    workingDaysBetween(asOf, facts.dueDate, workingCalendar(holidays)) <= thresholds.amberDueWithinWorkingDays
  ) {
    amber |= BIT.due_soon;
  }
  if (level === 1) amber |= BIT.slightly_behind;
  const redSince = facts.redFlagSince ?? null;
  if (redSince !== null && redSince <= asOf) amber |= BIT.recovering_from_red;
  if (amber !== 0) return judgement('amber', amber);

  if (facts.lifecycle === 'planned' && asOf < periodStart(facts)) {
    return judgement('green', BIT.not_started_yet);
  }
  return judgement('green', submitted ? BIT.awaiting_acceptance : BIT.on_track);
}
