import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { MILESTONE_LIMITS, type MilestoneCommandType } from '@app/milestones';
import { IsIsoDate, NoControlCharacters } from '../http/validators';
import {
  CommandBaseDto,
  EvidenceDto,
  IndicatorActualDto,
  LINE,
  TEXT,
  VALUE_MAX,
} from './milestone-command-fields.dto';

const TARGET_MIN = MILESTONE_LIMITS.indicatorTargetMin;

export class ReportProgressDto extends CommandBaseDto {
  @ApiProperty({ minimum: 0, maximum: 100, description: 'percent complete (a decrease needs a reason)' })
  @IsInt()
  @Min(0)
  @Max(100)
  percent!: number;

  @ApiProperty({ maxLength: 5000, description: 'what was done (characters, emoji count as one)' })
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  @NoControlCharacters(TEXT)
  narrative!: string;

  @ApiPropertyOptional({ description: 'expected completion date YYYY-MM-DD' })
  @IsOptional()
  @IsIsoDate()
  forecastDate?: string;

  @ApiPropertyOptional({ type: [IndicatorActualDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => IndicatorActualDto)
  indicatorActuals?: IndicatorActualDto[];

  @ApiPropertyOptional({ type: [EvidenceDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => EvidenceDto)
  evidence?: EvidenceDto[];

  @ApiPropertyOptional({ maxLength: 2000, description: 'required when the percent goes down' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @NoControlCharacters(TEXT)
  reason?: string;
}

export class ReportDelayDto extends CommandBaseDto {
  @ApiProperty({ maxLength: 2000 })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  @NoControlCharacters(TEXT)
  reason!: string;

  @ApiProperty({ description: 'forecast completion date YYYY-MM-DD' })
  @IsIsoDate()
  forecastDate!: string;
}

export class SubmitCompletionDto extends CommandBaseDto {
  @ApiProperty({ description: 'date the work was completed YYYY-MM-DD' })
  @IsIsoDate()
  completedOn!: string;

  @ApiProperty({ maxLength: 5000 })
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  @NoControlCharacters(TEXT)
  narrative!: string;

  @ApiProperty({ type: [EvidenceDto], description: 'at least one piece of evidence' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => EvidenceDto)
  evidence!: EvidenceDto[];

  @ApiPropertyOptional({ type: [IndicatorActualDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => IndicatorActualDto)
  indicatorActuals?: IndicatorActualDto[];
}

export class AcceptCompletionDto extends CommandBaseDto {
  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @NoControlCharacters(TEXT)
  note?: string;
}

export class ReasonDto extends CommandBaseDto {
  @ApiProperty({ maxLength: 2000 })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  @NoControlCharacters(TEXT)
  reason!: string;
}

export class RebaselineDto extends ReasonDto {
  @ApiProperty({ description: 'the new due date YYYY-MM-DD (the baseline is kept)' })
  @IsIsoDate()
  newDueDate!: string;
}

export class ReviseIndicatorTargetDto extends ReasonDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @NoControlCharacters(LINE)
  metric!: string;

  @ApiProperty({ minimum: TARGET_MIN, maximum: VALUE_MAX, description: 'a quantity: 0 or more' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(TARGET_MIN)
  @Max(VALUE_MAX)
  newTarget!: number;
}

export class MilestoneCommandResultDto {
  @ApiProperty({ example: 'sanqu-2020.T06-2021' })
  milestoneId!: string;
  @ApiProperty({ description: 'stream version after the command (use it in If-Match)' })
  version!: number;
  @ApiProperty({ description: 'global position reached (use it in X-Min-Position)' })
  position!: number;
}

/**
 * The route of each command: its body's class (validated, and its schema in the OpenAPI document) and the
 * operation's summary. `POST /milestones/{id}/<segment>` (the segment: `@app/milestones/labels`), the roles it
 * admits (`MILESTONE_COMMAND_POLICY`) and the rest follow (`command-routes.ts`).
 */
export const MILESTONE_COMMAND_ROUTES: {
  readonly [T in MilestoneCommandType]: { readonly body: new () => object; readonly summary: string };
} = {
  ReportProgress: {
    body: ReportProgressDto,
    summary: 'Report progress (reporters of the lead or a cooperating unit)',
  },
  ReportDelay: { body: ReportDelayDto, summary: 'Report a delay with a reason and a forecast date' },
  SubmitCompletion: {
    body: SubmitCompletionDto,
    summary: 'Submit completion with evidence (reporters of the lead unit)',
  },
  AcceptCompletion: {
    body: AcceptCompletionDto,
    summary: 'Accept a submitted completion (销号, supervisors)',
  },
  ReturnCompletion: {
    body: ReasonDto,
    summary: 'Return a submitted completion with a reason (退回, supervisors)',
  },
  RebaselineDueDate: {
    body: RebaselineDto,
    summary: 'Move the due date (the baseline is kept; supervisors)',
  },
  ReviseIndicatorTarget: {
    body: ReviseIndicatorTargetDto,
    summary: 'Revise an indicator target (old and new kept; supervisors)',
  },
  CancelMilestone: { body: ReasonDto, summary: 'Cancel the milestone with a reason (supervisors)' },
};
