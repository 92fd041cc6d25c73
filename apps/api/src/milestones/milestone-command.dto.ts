import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

/** Multi-line text: \n and \t allowed; CR and every other control character refused. */
// eslint-disable-next-line no-control-regex -- the point is to find control characters
const TEXT = /^[^\x00-\x08\x0b-\x1f\x7f]*$/;
/** One-line text: no control characters at all. */
const LINE = /^[^\p{Cc}]*$/u;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const textMsg = { message: '$property must not contain control characters (only line breaks and tabs)' };
const lineMsg = { message: '$property must not contain control characters' };
const dateMsg = { message: '$property must be a date YYYY-MM-DD' };

class OccurredAtDto {
  @ApiPropertyOptional({
    description: 'When it happened (ISO 8601); default now. Not in the future, not before the plan period.',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  occurredAt?: string;
}

export class IndicatorActualDto {
  @ApiProperty({ example: '引进投资超亿元的产业项目' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(LINE, lineMsg)
  metric!: string;

  @ApiProperty({ example: 52 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  actual!: number;
}

export class EvidenceDto {
  @ApiProperty({ example: '2021年度投资推介会签约清单.pdf' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(LINE, lineMsg)
  name!: string;

  @ApiProperty({ description: 'sha256 of the file, lower-case hex' })
  @Matches(/^[0-9a-f]{64}$/, { message: '$property must be a lower-case hex sha256' })
  sha256!: string;
}

export class ReportProgressDto extends OccurredAtDto {
  @ApiProperty({ minimum: 0, maximum: 100, description: 'percent complete (a decrease needs a reason)' })
  @IsInt()
  @Min(0)
  @Max(100)
  percent!: number;

  @ApiProperty({ maxLength: 5000, description: 'what was done (characters, emoji count as one)' })
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  @Matches(TEXT, textMsg)
  narrative!: string;

  @ApiPropertyOptional({ description: 'expected completion date YYYY-MM-DD' })
  @IsOptional()
  @Matches(DATE, dateMsg)
  forecastDate?: string;

  @ApiPropertyOptional({ type: [IndicatorActualDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => IndicatorActualDto)
  indicatorActuals?: IndicatorActualDto[];

  @ApiPropertyOptional({ type: [EvidenceDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => EvidenceDto)
  evidence?: EvidenceDto[];

  @ApiPropertyOptional({ maxLength: 2000, description: 'required when the percent goes down' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @Matches(TEXT, textMsg)
  reason?: string;
}

export class ReportDelayDto extends OccurredAtDto {
  @ApiProperty({ maxLength: 2000 })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  @Matches(TEXT, textMsg)
  reason!: string;

  @ApiProperty({ description: 'forecast completion date YYYY-MM-DD' })
  @Matches(DATE, dateMsg)
  forecastDate!: string;
}

export class SubmitCompletionDto extends OccurredAtDto {
  @ApiProperty({ description: 'date the work was completed YYYY-MM-DD' })
  @Matches(DATE, dateMsg)
  completedOn!: string;

  @ApiProperty({ maxLength: 5000 })
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  @Matches(TEXT, textMsg)
  narrative!: string;

  @ApiProperty({ type: [EvidenceDto], description: 'at least one piece of evidence' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => EvidenceDto)
  evidence!: EvidenceDto[];

  @ApiPropertyOptional({ type: [IndicatorActualDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => IndicatorActualDto)
  indicatorActuals?: IndicatorActualDto[];
}

export class AcceptCompletionDto extends OccurredAtDto {
  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @Matches(TEXT, textMsg)
  note?: string;
}

export class ReasonDto extends OccurredAtDto {
  @ApiProperty({ maxLength: 2000 })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  @Matches(TEXT, textMsg)
  reason!: string;
}

export class RebaselineDto extends ReasonDto {
  @ApiProperty({ description: 'the new due date YYYY-MM-DD (the baseline is kept)' })
  @Matches(DATE, dateMsg)
  newDueDate!: string;
}

export class ReviseIndicatorTargetDto extends ReasonDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(LINE, lineMsg)
  metric!: string;

  @ApiProperty()
  @IsNumber({ allowNaN: false, allowInfinity: false })
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
