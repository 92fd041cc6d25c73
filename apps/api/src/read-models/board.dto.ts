import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  HEALTH_REASON_CODES,
  SCHEDULE_STATES,
  type HealthColour,
  type HealthReason,
  type HealthReasonCode,
  type ScheduleState,
  type ScheduleStatus,
} from '@app/milestones';
import type {
  AsOfHeader,
  AssignmentView,
  HealthView,
  MilestoneBoardView,
  MilestonePage,
  ShownField,
} from '@app/read-models';
import { HEALTH_COLOUR } from '../http/named-enums';
import { withShownFacts } from './shown-facts';

/*
 * The board's responses. Each DTO `implements` the read model's view (less the shown facts, documented from the fact
 * columns by `withShownFacts`): a field the view gains or retypes fails to compile here.
 */

export class AsOfHeaderDto implements AsOfHeader {
  @ApiProperty({ format: 'date', example: '2021-06-30' }) asOf!: string;
  @ApiProperty({ type: String, nullable: true, description: 'null = everything recorded' }) knownAt!:
    string | null;
  @ApiProperty({ description: 'every event up to this global position is included' }) position!: number;
}

export class UnitRefDto {
  @ApiProperty({ example: 'dept-transport' }) id!: string;
  @ApiProperty({ example: '市交通运输局' }) name!: string;
}

export class HealthReasonDto implements HealthReason {
  @ApiProperty({ type: 'string', enum: HEALTH_REASON_CODES, example: 'overdue' }) code!: HealthReasonCode;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }], nullable: true },
    description: 'the figures behind the reason',
  })
  detail?: Readonly<Record<string, string | number | null>>;
  @ApiProperty() zh!: string;
  @ApiProperty() en!: string;
  @ApiPropertyOptional({ description: 'the assignment it is about (a milestone with several)' })
  assignment?: string;
}

export class HealthDto implements HealthView {
  @ApiProperty(HEALTH_COLOUR) colour!: HealthColour;
  @ApiProperty({ example: '红' }) zh!: string;
  @ApiProperty({ type: [HealthReasonDto] }) reasons!: HealthReasonDto[];
}

export class ScheduleDto implements ScheduleStatus {
  @ApiProperty({ enum: SCHEDULE_STATES }) state!: ScheduleState;
  @ApiProperty({ example: '未到期' }) zh!: string;
  @ApiProperty({ format: 'date' }) dueDate!: string;
  @ApiProperty({ format: 'date' }) baselineDueDate!: string;
  @ApiProperty() rebaselined!: boolean;
  @ApiPropertyOptional() daysToDue?: number;
  @ApiPropertyOptional() daysOverdue?: number;
  @ApiPropertyOptional() daysLate?: number;
  @ApiPropertyOptional() daysLateVsBaseline?: number;
}

class PeriodDto {
  @ApiProperty({ example: 2021 }) from!: number;
  @ApiProperty({ example: 2021 }) to!: number;
}

class PercentRangeDto {
  @ApiProperty() min!: number;
  @ApiProperty() max!: number;
}

class VersionDto {
  @ApiProperty({ format: 'date' }) effectiveOn!: string;
  @ApiProperty() position!: number;
}

export class AssignmentDto implements Omit<AssignmentView, ShownField> {
  @ApiProperty({ example: 'gov-taishan', description: '`joint` for a 共同牵头 milestone' }) key!: string;
  @ApiProperty({ type: [UnitRefDto] }) leadUnits!: UnitRefDto[];
  @ApiProperty() lifecycleZh!: string;
  @ApiProperty({ type: Number, nullable: true }) daysLate!: number | null;
  @ApiProperty({ type: ScheduleDto }) schedule!: ScheduleDto;
  @ApiProperty({ type: HealthDto }) health!: HealthDto;
}
withShownFacts(AssignmentDto);

export class MilestoneBoardDto implements Omit<MilestoneBoardView, ShownField | 'assignments'> {
  @ApiProperty({ example: 'sanqu-2020.T05-2021' }) id!: string;
  @ApiProperty({ example: 'sanqu-2020' }) planKey!: string;
  @ApiProperty() taskNo!: number;
  @ApiProperty() taskTitle!: string;
  @ApiProperty() section!: number;
  @ApiProperty() text!: string;
  @ApiProperty({ description: 'year of the baseline due date' }) year!: number;
  @ApiProperty({ type: PeriodDto }) period!: PeriodDto;
  @ApiProperty({ type: [String], description: 'empty for a city-wide (全市) task' }) zones!: string[];
  @ApiProperty() cityWide!: boolean;
  @ApiProperty({ type: [String] }) districts!: string[];
  @ApiProperty({ type: [UnitRefDto] }) leadUnits!: UnitRefDto[];
  @ApiProperty({ type: [UnitRefDto] }) cooperatingUnits!: UnitRefDto[];
  @ApiProperty() lifecycleZh!: string;
  @ApiProperty({ type: PercentRangeDto, nullable: true }) percentRange!: PercentRangeDto | null;
  @ApiProperty({ type: ScheduleDto }) schedule!: ScheduleDto;
  @ApiProperty({ type: HealthDto }) health!: HealthDto;
  @ApiProperty({ type: VersionDto }) version!: VersionDto;
  @ApiPropertyOptional({ type: [AssignmentDto], description: 'when there are several (分别牵头)' })
  assignments?: AssignmentDto[];
}
withShownFacts(MilestoneBoardDto);

/** One row with the time-travel header (GET /milestones/{id}/board). */
export class MilestoneBoardRowDto extends MilestoneBoardDto implements AsOfHeader {
  @ApiProperty({ format: 'date' }) asOf!: string;
  @ApiProperty({ type: String, nullable: true }) knownAt!: string | null;
  @ApiProperty() position!: number;
}

export class MilestonePageDto extends AsOfHeaderDto implements Omit<MilestonePage, 'items'> {
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty({ type: [MilestoneBoardDto] }) items!: MilestoneBoardDto[];
}
