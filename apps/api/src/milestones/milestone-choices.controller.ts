import { Controller, Get, Param } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentActor, type RequestActor } from '@app/access';
import {
  MILESTONE_COMMAND_TYPES,
  MILESTONE_LIFECYCLES,
  MilestoneChoicesQuery,
  MilestoneErrorCode,
  type MilestoneChoicesView,
} from '@app/milestones';

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
  @ApiProperty({ enum: MILESTONE_LIFECYCLES }) lifecycle!: string;
  @ApiProperty({ example: '推进中' }) lifecycleZh!: string;
  @ApiProperty({ type: Number, nullable: true }) percent!: number | null;
  @ApiProperty({ example: '2021-12-31' }) dueDate!: string;
  @ApiProperty({ type: [IndicatorTargetDto] }) indicators!: IndicatorTargetDto[];
  @ApiProperty({ type: [CommandChoiceDto], description: 'naming this assignment' })
  commands!: CommandChoiceDto[];
}

class MilestoneChoicesDto {
  @ApiProperty({ example: 'sanqu-2020.T05-2021' }) milestoneId!: string;
  @ApiProperty({ description: 'stream version the answer was computed at' }) version!: number;
  @ApiProperty({ enum: MILESTONE_LIFECYCLES }) lifecycle!: string;
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

/** Which milestone commands the caller's token may use now: the domain's own rules, so the dashboard keeps none. */
@ApiTags('milestones')
@Controller('api/v1/milestones')
export class MilestoneChoicesController {
  constructor(private readonly choices: MilestoneChoicesQuery) {}

  @Get(':id/commands')
  @ApiParam({ name: 'id', example: 'sanqu-2020.T05-2021' })
  @ApiOperation({
    summary: 'The commands the caller may issue on this milestone now, allowed or refused with the reason',
    description:
      'Computed by the same checks the commands run (role, lead or cooperating unit, assignment, lifecycle), ' +
      'for the milestone as it stands now (not as of a past date). A refused command carries the code and ' +
      'Chinese message it would be answered with.',
  })
  @ApiOkResponse({ type: MilestoneChoicesDto })
  @ApiNotFoundResponse({ description: 'MILESTONE_NOT_FOUND' })
  commands(@Param('id') id: string, @CurrentActor() actor: RequestActor): Promise<MilestoneChoicesView> {
    return this.choices.choices(id, { role: actor.role, ...(actor.unit ? { unit: actor.unit } : {}) });
  }
}
