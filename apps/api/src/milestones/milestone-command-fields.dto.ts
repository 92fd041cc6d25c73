// What every milestone command's body shares (occurredAt, the assignment, the text rules) and its nested parts.
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { MILESTONE_LIMITS } from '@app/milestones';
import { IsIsoInstant, NoControlCharacters } from '../http/validators';

/** Multi-line text: line feeds and tabs allowed; CR and every other control character refused. */
export const TEXT = { multiline: true };
/** One-line text: no control characters at all. */
export const LINE = { multiline: false };
export const VALUE_MAX = MILESTONE_LIMITS.indicatorValueMax;

/**
 * A command's `occurredAt`: optional, one form rule (`IsIsoInstant`). No OpenAPI `format: date-time`: RFC 3339
 * allows `t`/`z` and leap seconds, refused here, and needs seconds, optional here.
 */
export function OccurredAt(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      example: '2021-06-30T09:00:00+08:00',
      description:
        'When it happened, default now: YYYY-MM-DDThh:mm[:ss[.fraction]] with Z or an offset from -12:00 to ' +
        '+14:00. Not in the future, not before the plan period (422 OCCURRED_AT_IN_FUTURE / ' +
        'OCCURRED_AT_BEFORE_PLAN_PERIOD, however far out).',
    }),
    IsOptional(),
    IsIsoInstant(),
  );
}

/** Fields every milestone command has: when it happened, and which assignment (承办事项) it is for. */
export class CommandBaseDto {
  @OccurredAt()
  occurredAt?: string;

  @ApiPropertyOptional({
    example: 'u-taishan-gov',
    maxLength: 100,
    description:
      'The assignment (承办事项) the command is for: on a milestone led separately (分别牵头) by several units, ' +
      'the lead unit id of one of them (`GET /milestones/{id}` lists them). Not needed when the milestone has one ' +
      'assignment, when the reporter’s unit leads one, for 销号/退回 while exactly one awaits verification, or to ' +
      're-baseline, revise a target or cancel the whole milestone. Otherwise 400 ASSIGNMENT_REQUIRED.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @NoControlCharacters(LINE)
  assignment?: string;
}

export class IndicatorActualDto {
  @ApiProperty({ example: '引进投资超亿元的产业项目' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @NoControlCharacters(LINE)
  metric!: string;

  @ApiProperty({ example: 52, minimum: -VALUE_MAX, maximum: VALUE_MAX })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-VALUE_MAX)
  @Max(VALUE_MAX)
  actual!: number;
}

export class EvidenceDto {
  @ApiProperty({ example: '2021年度投资推介会签约清单.pdf' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @NoControlCharacters(LINE)
  name!: string;

  @ApiProperty({ description: 'sha256 of the file, lower-case hex' })
  @Matches(/^[0-9a-f]{64}$/, { message: '$property must be a lower-case hex sha256' })
  sha256!: string;
}
