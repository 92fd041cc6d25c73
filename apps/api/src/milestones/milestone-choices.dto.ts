import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, MaxLength } from 'class-validator';
import { MAX_CHOICES_BATCH, MILESTONE_COMMAND_TYPES, MilestoneErrorCode } from '@app/milestones';
import { MILESTONE_LIFECYCLE } from '../http/named-enums';
import { NoControlCharacters } from '../http/validators';

/* The answers of `GET :id/commands` and of its batch, `GET milestones:commands?ids=…`. */

class CommandChoiceDto {
  @ApiProperty({ enum: MILESTONE_COMMAND_TYPES, example: 'RebaselineDueDate' })
  command!: string;
  @ApiProperty({ description: 'the caller may issue it now' })
  allowed!: boolean;
  @ApiPropertyOptional({
    enum: Object.values(MilestoneErrorCode),
    description: 'when refused: the code the command itself would be answered with',
  })
  reason?: string;
  @ApiPropertyOptional({ example: '当前角色（责任单位填报员）无权调整完成时限。' })
  reasonZh?: string;
}

class IndicatorTargetDto {
  @ApiProperty() metric!: string;
  @ApiProperty({ example: '个' }) unit!: string;
  @ApiProperty({ description: 'the plan’s target' }) baselineTarget!: number;
  @ApiProperty({ description: 'the target now (after revisions)' }) target!: number;
}

class AssignmentChoicesDto {
  @ApiProperty({ example: 'u-taishan-gov' }) key!: string;
  @ApiProperty({ type: [String] }) leadUnits!: string[];
  @ApiProperty(MILESTONE_LIFECYCLE) lifecycle!: string;
  @ApiProperty({ example: '推进中' }) lifecycleZh!: string;
  @ApiProperty({ type: Number, nullable: true }) percent!: number | null;
  @ApiProperty({ example: '2021-12-31' }) dueDate!: string;
  @ApiProperty({ type: [IndicatorTargetDto] }) indicators!: IndicatorTargetDto[];
  @ApiProperty({ type: [CommandChoiceDto], description: 'naming this assignment' })
  commands!: CommandChoiceDto[];
}

export class MilestoneChoicesDto {
  @ApiProperty({ example: 'sanqu-2020.T05-2021' }) milestoneId!: string;
  @ApiProperty({ description: 'stream version the answer was computed at' }) version!: number;
  @ApiProperty(MILESTONE_LIFECYCLE) lifecycle!: string;
  @ApiProperty({ example: '推进中' }) lifecycleZh!: string;
  @ApiProperty({ type: Number, nullable: true }) percent!: number | null;
  @ApiProperty({ example: '2021-12-31' }) dueDate!: string;
  @ApiProperty({ example: '2021-12-31' }) baselineDueDate!: string;
  @ApiProperty({ type: [IndicatorTargetDto] }) indicators!: IndicatorTargetDto[];
  @ApiProperty({
    type: [CommandChoiceDto],
    description:
      'naming no assignment: the caller’s own share, or the whole milestone for a re-baseline, a target ' +
      'revision or a cancellation (ASSIGNMENT_REQUIRED when a share must be chosen)',
  })
  commands!: CommandChoiceDto[];
  @ApiProperty({
    type: [AssignmentChoicesDto],
    description: 'every assignment (承办事项), withdrawn ones too',
  })
  assignments!: AssignmentChoicesDto[];
}

/** `a,b,c` (or `ids` repeated) → the ids, blanks dropped; anything else is left for the checks to refuse. */
const idList = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v === 'string'))
    ? [value]
        .flat()
        .flatMap((v: string) => v.split(','))
        .map((v) => v.trim())
        .filter((v) => v !== '')
    : value;

export class MilestoneIdsQueryDto {
  @ApiProperty({
    type: String,
    description: `milestone ids, comma-separated: 1 to ${MAX_CHOICES_BATCH} (more is a 400 naming \`ids\`)`,
    example: 'sanqu-2020.T05-2021,sanqu-2020.T06-2021',
  })
  @Transform(idList)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_CHOICES_BATCH)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  @NoControlCharacters({ multiline: false }, { each: true })
  ids!: string[];
}

export class MilestoneChoicesBatchDto {
  @ApiProperty({
    type: [MilestoneChoicesDto],
    description:
      'each existing milestone once, in the order asked: what `GET /milestones/{id}/commands` answers',
  })
  milestones!: MilestoneChoicesDto[];
  @ApiProperty({
    type: [String],
    description:
      'the ids asked that name no milestone (the single route answers them 404 MILESTONE_NOT_FOUND)',
  })
  unknownIds!: string[];
}
