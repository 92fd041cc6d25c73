import { ApiProperty } from '@nestjs/swagger';
import { OUTCOME } from '../http/named-enums';
import type { Report } from './retrospective-report';

/*
 * The review's lists about alerts and the year end (`alerts.byRule`, `yearEnd.lateReports`, the outcome `changes` of
 * the year end and of the closing), field by field. Each DTO `implements` the report's element type.
 */

type AlertRuleSummary = Report['alerts']['byRule'][number];
type LateReport = Report['yearEnd']['lateReports'][number];
type OutcomeChange = Report['yearEnd']['changes'][number];

export class ReviewAlertRuleDto implements AlertRuleSummary {
  @ApiProperty({ example: 'overdue' }) rule!: string;
  @ApiProperty() label!: string;
  @ApiProperty() raised!: number;
  @ApiProperty() acknowledged!: number;
  @ApiProperty() unacknowledged!: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'hours (1 decimal); null when none acknowledged',
  })
  medianHoursToAcknowledge!: number | null;
}

export class ReviewLateReportDto implements LateReport {
  @ApiProperty({ example: 'sanqu-2020.T05-2021' }) milestoneId!: string;
  @ApiProperty({ type: [String] }) assignments!: string[];
  @ApiProperty({ example: 'ProgressReported' }) type!: string;
  @ApiProperty() label!: string;
  @ApiProperty() summary!: string;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
  @ApiProperty() unit!: string;
  @ApiProperty({ type: String, nullable: true }) reportedBy!: string | null;
}

export class ReviewOutcomeChangeDto implements OutcomeChange {
  @ApiProperty({ example: 'sanqu-2020.T05-2021' }) milestoneId!: string;
  @ApiProperty() taskTitle!: string;
  @ApiProperty({ ...OUTCOME, nullable: true, description: 'null: not in the earlier list' })
  from!: OutcomeChange['from'];
  @ApiProperty() fromLabel!: string;
  @ApiProperty({ ...OUTCOME, nullable: true }) to!: OutcomeChange['to'];
  @ApiProperty() toLabel!: string;
}
