import { ApiProperty } from '@nestjs/swagger';
import { OUTCOMES, REASON_KINDS } from '@app/reports';
import { countsOf } from '../http/counts-schema';
import { LEAD_MODE, MILESTONE_LIFECYCLE, OUTCOME } from '../http/named-enums';
import type { Report } from './retrospective-report';

/*
 * The review's milestones (`milestones`) and multi-year milestones in progress (`inProgress`), field by field. Each
 * DTO `implements` the element type of the report (a field it gains or retypes fails to compile here).
 */

type MilestoneReview = Report['milestones'][number];
type AssignmentReview = MilestoneReview['assignments'][number];
type IndicatorReview = MilestoneReview['indicators'][number];
type RebaselineEntry = MilestoneReview['rebaselines'][number];
type Cancellation = NonNullable<MilestoneReview['cancellation']>;
type ReasonEntry = MilestoneReview['reasons'][number];
type LaterCompletion = NonNullable<MilestoneReview['laterCompletion']>;
type MultiYearProgress = Report['inProgress'][number];
/** What the review says of an assignment and of a milestone alike. */
type OutcomeReview = Omit<AssignmentReview, 'key' | 'leadUnitIds' | 'leadUnits'>;

const DATE = { format: 'date' } as const;
const NULLABLE_DATE = { type: String, format: 'date', nullable: true } as const;
const NULLABLE_NUMBER = { type: Number, nullable: true } as const;

class ReviewIndicatorDto implements IndicatorReview {
  @ApiProperty() milestoneId!: string;
  @ApiProperty({ description: 'the assignment whose value this is' }) assignment!: string;
  @ApiProperty() metric!: string;
  @ApiProperty() comparator!: string;
  @ApiProperty() unit!: string;
  @ApiProperty() source!: string;
  @ApiProperty({ description: 'the plan’s target' }) baselineTarget!: number;
  @ApiProperty({ description: 'the target as of the year end (after revisions)' }) target!: number;
  @ApiProperty({ ...NULLABLE_NUMBER, description: 'the latest value reported by the year end' })
  actual!: number | null;
  @ApiProperty(NULLABLE_NUMBER) attainment!: number | null;
  @ApiProperty({ type: Boolean, nullable: true }) met!: boolean | null;
}

class ReviewRebaselineDto implements RebaselineEntry {
  @ApiProperty({ type: [String] }) assignments!: string[];
  @ApiProperty(DATE) from!: string;
  @ApiProperty(DATE) to!: string;
  @ApiProperty() reason!: string;
  @ApiProperty(DATE) on!: string;
  @ApiProperty() unit!: string;
}

class ReviewCancellationDto implements Cancellation {
  @ApiProperty() reason!: string;
  @ApiProperty(DATE) on!: string;
  @ApiProperty() unit!: string;
}

class ReviewReasonDto implements ReasonEntry {
  @ApiProperty() milestoneId!: string;
  @ApiProperty({ type: [String], description: 'the assignments (by key) the event concerned' })
  assignments!: string[];
  @ApiProperty({ type: 'string', enum: REASON_KINDS, example: 'delay' }) kind!: ReasonEntry['kind'];
  @ApiProperty({ example: '报告延期' }) kindLabel!: string;
  @ApiProperty({ description: 'the reason exactly as given' }) text!: string;
  @ApiProperty({ type: String, nullable: true }) detail!: string | null;
  @ApiProperty(DATE) occurredOn!: string;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
  @ApiProperty() backdated!: boolean;
  @ApiProperty({ description: 'the reporting unit’s name, or 督查室' }) unit!: string;
  @ApiProperty({ type: String, nullable: true }) reportedBy!: string | null;
  @ApiProperty({ description: 'it happened after 31 December of the reviewed year' }) afterYearEnd!: boolean;
}

class ReviewLaterCompletionDto implements LaterCompletion {
  @ApiProperty(DATE) completedOn!: string;
  @ApiProperty() accepted!: boolean;
  @ApiProperty() daysLate!: number;
}

class ReviewPeriodDto {
  @ApiProperty({ example: 2021 }) from!: number;
  @ApiProperty({ example: 2021 }) to!: number;
}

class ReviewPercentRangeDto {
  @ApiProperty() min!: number;
  @ApiProperty() max!: number;
}

/** The fields an assignment's review and a milestone's share. */
class ReviewOutcomeDto implements OutcomeReview {
  @ApiProperty(OUTCOME) outcome!: OutcomeReview['outcome'];
  @ApiProperty() outcomeLabel!: string;
  @ApiProperty(MILESTONE_LIFECYCLE) lifecycle!: OutcomeReview['lifecycle'];
  @ApiProperty() lifecycleLabel!: string;
  @ApiProperty({ ...DATE, description: 'as of the year end' }) dueDate!: string;
  @ApiProperty(NULLABLE_DATE) completedOn!: string | null;
  @ApiProperty(NULLABLE_DATE) acceptedOn!: string | null;
  @ApiProperty(NULLABLE_NUMBER) daysLate!: number | null;
  @ApiProperty(NULLABLE_NUMBER) daysLateVsBaseline!: number | null;
  @ApiProperty(NULLABLE_NUMBER) percent!: number | null;
  @ApiProperty(NULLABLE_NUMBER) indicatorAttainment!: number | null;
  @ApiProperty() indicatorsMet!: number;
  @ApiProperty() indicatorsReported!: number;
  @ApiProperty({ type: [ReviewIndicatorDto] }) indicators!: ReviewIndicatorDto[];
  @ApiProperty({ type: [ReviewRebaselineDto] }) rebaselines!: ReviewRebaselineDto[];
  @ApiProperty({ type: ReviewCancellationDto, nullable: true }) cancellation!: ReviewCancellationDto | null;
  @ApiProperty({ type: [ReviewReasonDto] }) reasons!: ReviewReasonDto[];
  @ApiProperty(NULLABLE_DATE) lastReportOn!: string | null;
  @ApiProperty({ description: 'progress, delay and completion reports about the year' }) reports!: number;
  @ApiProperty({ ...OUTCOME, description: 'as known at the year end' })
  yearEndOutcome!: OutcomeReview['yearEndOutcome'];
  @ApiProperty({ type: ReviewLaterCompletionDto, nullable: true })
  laterCompletion!: ReviewLaterCompletionDto | null;
}

class ReviewAssignmentDto extends ReviewOutcomeDto implements AssignmentReview {
  @ApiProperty({ example: 'gov-taishan', description: '`joint` (共同牵头) or `unassigned`' }) key!: string;
  @ApiProperty({ type: [String] }) leadUnitIds!: string[];
  @ApiProperty({ type: [String], description: '牵头单位 (names)' }) leadUnits!: string[];
}

export class ReviewMilestoneDto extends ReviewOutcomeDto implements MilestoneReview {
  @ApiProperty({ example: 'sanqu-2020.T05-2021' }) milestoneId!: string;
  @ApiProperty() section!: number;
  @ApiProperty() taskNo!: number;
  @ApiProperty() taskTitle!: string;
  @ApiProperty() text!: string;
  @ApiProperty({ type: ReviewPeriodDto }) period!: ReviewPeriodDto;
  @ApiProperty({ type: [String], description: 'empty for a city-wide (全市) task' }) zones!: string[];
  @ApiProperty({ type: [String] }) districts!: string[];
  @ApiProperty() cityWide!: boolean;
  @ApiProperty(LEAD_MODE) leadMode!: MilestoneReview['leadMode'];
  @ApiProperty({ type: [String], description: '牵头单位 (names)' }) leadUnits!: string[];
  @ApiProperty({ type: [String], description: '配合单位 (names)' }) cooperatingUnits!: string[];
  @ApiProperty(DATE) baselineDueDate!: string;
  @ApiProperty({ description: 'planned for an earlier year, re-baselined into this one' })
  carriedOver!: boolean;
  @ApiProperty({ type: ReviewPercentRangeDto, nullable: true }) percentRange!: ReviewPercentRangeDto | null;
  @ApiProperty(countsOf(OUTCOMES, 'its assignments per outcome'))
  assignmentCounts!: MilestoneReview['assignmentCounts'];
  @ApiProperty() alertsRaised!: number;
  @ApiProperty({ type: [ReviewAssignmentDto], description: 'in plan order' })
  assignments!: ReviewAssignmentDto[];
}

export class ReviewInProgressDto implements MultiYearProgress {
  @ApiProperty({ example: 'sanqu-2020.T04-2020-2022' }) milestoneId!: string;
  @ApiProperty() section!: number;
  @ApiProperty() taskNo!: number;
  @ApiProperty() taskTitle!: string;
  @ApiProperty() text!: string;
  @ApiProperty({ type: ReviewPeriodDto }) period!: ReviewPeriodDto;
  @ApiProperty(DATE) dueDate!: string;
  @ApiProperty({ type: [String] }) leadUnits!: string[];
  @ApiProperty(MILESTONE_LIFECYCLE) lifecycle!: MultiYearProgress['lifecycle'];
  @ApiProperty() lifecycleLabel!: string;
  @ApiProperty(NULLABLE_NUMBER) percent!: number | null;
  @ApiProperty({ type: ReviewPercentRangeDto, nullable: true }) percentRange!: ReviewPercentRangeDto | null;
  @ApiProperty({ description: 'linear expectation at the as-of date (0–100)' }) expectedPercent!: number;
  @ApiProperty(NULLABLE_DATE) lastReportOn!: string | null;
  @ApiProperty(NULLABLE_DATE) forecastDate!: string | null;
  @ApiProperty() delays!: number;
}
