import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { OUTCOMES, REPORT_MEDIA_TYPES, type YearClosedResult } from '@app/reports';
import { countsOf } from '../http/counts-schema';
import { ReviewInProgressDto, ReviewMilestoneDto } from './retrospective-milestones.dto';
import type { Report } from './retrospective-report';
import { ReviewStandingDto } from './retrospective-standing.dto';
import {
  ReviewAlertRuleDto,
  ReviewLateReportDto,
  ReviewOutcomeChangeDto,
} from './retrospective-year-end.dto';

/*
 * The reports' responses. The DTOs `implements` the reports' types (a field they gain fails to compile here), the
 * review's lists too, field by field (`retrospective-milestones.dto.ts`, `-standing`, `-year-end`).
 */

type RollupRow = YearClosedResult['totals'];
type Closing = NonNullable<Report['closing']>;
type AlertSummary = Report['alerts'];
type YearEnd = Report['yearEnd'];

class RollupRowDto implements RollupRow {
  @ApiProperty() key!: string;
  @ApiProperty() label!: string;
  @ApiProperty({ enum: ['milestones', 'assignments'] }) counted!: RollupRow['counted'];
  @ApiProperty() total!: number;
  @ApiProperty(countsOf(OUTCOMES, 'per outcome')) counts!: RollupRow['counts'];
  @ApiProperty({ description: 'all but cancelled and not yet due' }) judged!: number;
  @ApiProperty({ type: Number, nullable: true, description: '年度按期完成率' }) metOnTimeRate!: number | null;
  @ApiProperty({ type: Number, nullable: true }) meanDaysLate!: number | null;
  @ApiProperty({ type: Number, nullable: true }) maxDaysLate!: number | null;
}

class RollupsDto implements Record<keyof Report['rollups'], RollupRowDto[]> {
  @ApiProperty({ type: [RollupRowDto] }) zone!: RollupRowDto[];
  @ApiProperty({ type: [RollupRowDto] }) district!: RollupRowDto[];
  @ApiProperty({ type: [RollupRowDto] }) leadUnit!: RollupRowDto[];
  @ApiProperty({ type: [RollupRowDto] }) section!: RollupRowDto[];
}

export class YearClosedResultDto implements YearClosedResult {
  @ApiProperty({ example: 'sanqu-2020' }) planKey!: string;
  @ApiProperty({ example: 2021 }) year!: number;
  @ApiProperty({ example: 'year-sanqu-2020-2021' }) streamId!: string;
  @ApiProperty({ description: 'the YearClosed event’s position' }) position!: number;
  @ApiProperty({ description: 'the position the closed figures were computed at' }) figuresPosition!: number;
  @ApiProperty({ format: 'date' }) asOf!: string;
  @ApiProperty({ type: RollupRowDto, description: 'milestones per outcome' }) totals!: RollupRowDto;
  @ApiProperty({ type: RollupRowDto, description: 'assignments per outcome' })
  assignmentTotals!: RollupRowDto;
}

class ReviewDefinitionDto {
  @ApiProperty() en!: string;
  @ApiProperty() zh!: string;
}

class ReviewDefinitionsDto implements Record<keyof Report['definitions'], ReviewDefinitionDto> {
  @ApiProperty({ type: ReviewDefinitionDto }) metOnTimeRate!: ReviewDefinitionDto;
}

class AlertSummaryDto implements AlertSummary {
  @ApiProperty() raised!: number;
  @ApiProperty() acknowledged!: number;
  @ApiProperty() unacknowledged!: number;
  @ApiProperty({ type: Number, nullable: true }) medianHoursToAcknowledge!: number | null;
  @ApiProperty({ type: [ReviewAlertRuleDto], description: 'per rule' }) byRule!: ReviewAlertRuleDto[];
}

class YearEndDto implements YearEnd {
  @ApiProperty({ format: 'date-time', description: '31 December 24:00 in the plan’s time zone' })
  cutoff!: string;
  @ApiProperty() position!: number;
  @ApiProperty(countsOf(OUTCOMES, 'milestones per outcome as known at the year end'))
  counts!: YearEnd['counts'];
  @ApiProperty({ type: [ReviewLateReportDto], description: 'reports recorded after the year end' })
  lateReports!: ReviewLateReportDto[];
  @ApiProperty({ type: [ReviewOutcomeChangeDto], description: 'outcomes they changed' })
  changes!: ReviewOutcomeChangeDto[];
}

class ClosingDto implements Omit<Closing, 'totals' | 'assignmentTotals' | 'rollups'> {
  @ApiProperty({ format: 'date-time' }) closedAt!: string;
  @ApiProperty() closedBy!: string;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty() position!: number;
  @ApiProperty() eventPosition!: number;
  @ApiProperty({ type: RollupRowDto }) totals!: RollupRowDto;
  @ApiProperty({ type: RollupRowDto, nullable: true }) assignmentTotals!: RollupRowDto | null;
  @ApiProperty({ type: RollupsDto }) rollups!: RollupsDto;
  @ApiProperty({ type: [ReviewOutcomeChangeDto], description: 'outcomes changed since the closing' })
  changes!: ReviewOutcomeChangeDto[];
}

export class RetrospectiveDto implements Omit<Report, 'rollups' | 'alerts' | 'closing'> {
  @ApiProperty({ enum: ['retrospective'] }) report!: 'retrospective';
  @ApiProperty({ enum: [2] }) version!: 2;
  @ApiProperty({
    type: 'object',
    properties: { key: { type: 'string' }, title: { type: 'string' } },
  })
  plan!: Report['plan'];
  @ApiProperty({ example: 2021 }) year!: number;
  @ApiProperty({ example: 'Asia/Shanghai' }) timeZone!: string;
  @ApiProperty({ format: 'date' }) asOf!: string;
  @ApiProperty({ description: 'the year was not over: outcomes are provisional' }) provisional!: boolean;
  @ApiProperty({ type: String, nullable: true }) knownAt!: string | null;
  @ApiProperty({ type: Number, nullable: true }) knownAtPosition!: number | null;
  @ApiProperty({ description: 'the event position it was computed at' }) position!: number;
  @ApiProperty({ type: ReviewDefinitionsDto }) definitions!: ReviewDefinitionsDto;
  @ApiProperty({ type: RollupRowDto, description: 'milestones per outcome' }) totals!: RollupRowDto;
  @ApiProperty({ type: RollupRowDto, description: 'assignments per outcome' })
  assignmentTotals!: RollupRowDto;
  @ApiProperty({ type: RollupsDto }) rollups!: RollupsDto;
  @ApiProperty({
    type: [ReviewMilestoneDto],
    description: 'every milestone due in the year, reviewed per assignment',
  })
  milestones!: ReviewMilestoneDto[];
  @ApiProperty({ type: [ReviewInProgressDto], description: 'multi-year milestones in progress' })
  inProgress!: ReviewInProgressDto[];
  @ApiProperty({ type: ReviewStandingDto, description: 'the standing items’ year-end statement' })
  standing!: ReviewStandingDto;
  @ApiProperty({ type: AlertSummaryDto }) alerts!: AlertSummaryDto;
  @ApiProperty({ type: YearEndDto }) yearEnd!: YearEndDto;
  @ApiProperty({
    type: ClosingDto,
    nullable: true,
    description: 'the closed figures, if the year was closed',
  })
  closing!: ClosingDto | null;
}

const TEXT = { schema: { type: 'string' } } as const;
const FILE = { schema: { type: 'string', format: 'binary' } } as const;
const media = (format: keyof typeof REPORT_MEDIA_TYPES): string =>
  REPORT_MEDIA_TYPES[format].contentType.split(';')[0]!;

/** 200 in each format of `REPORT_MEDIA_TYPES` (`format=`): JSON, Markdown, HTML, Excel, CSV. */
export const ApiRetrospectiveResponse = (): MethodDecorator =>
  applyDecorators(
    ApiExtraModels(RetrospectiveDto),
    ApiOkResponse({
      description:
        'The review in the format asked for (xlsx and csv as attachments); header X-Event-Position; file name ' +
        '<year>年度回顾.<format> (csv: <year>年度回顾-<table name>.csv; RFC 5987, ASCII fallback ' +
        '<plan>-retrospective-<year>.<format>)',
      content: {
        [media('json')]: { schema: { $ref: getSchemaPath(RetrospectiveDto) } },
        [media('md')]: TEXT,
        [media('html')]: TEXT,
        [media('xlsx')]: FILE,
        [media('csv')]: TEXT,
      },
    }),
  );
