import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentActor, type RequestActor } from '@app/access';
import {
  type MilestoneActor,
  type MilestoneChoicesBatch,
  MilestoneChoicesQuery,
  type MilestoneChoicesView,
  type UnitNameLookup,
} from '@app/milestones';
import { PlanCatalogQueries } from '@app/plans';
import { unitNamesFrom } from '../http/unit-names';
import { MilestoneChoicesBatchDto, MilestoneChoicesDto, MilestoneIdsQueryDto } from './milestone-choices.dto';
import { MILESTONE_LOOKUP, MayNotFind } from '../http/openapi/may-not-find';

const milestoneActor = (actor: RequestActor): MilestoneActor => ({
  role: actor.role,
  ...(actor.unit ? { unit: actor.unit } : {}),
});

/** Which milestone commands the caller's token may use now: the domain's own rules, so the dashboard keeps none. */
@ApiTags('milestones')
@Controller('api/v1')
export class MilestoneChoicesController {
  private readonly unitNames: UnitNameLookup;

  constructor(
    private readonly choices: MilestoneChoicesQuery,
    catalog: PlanCatalogQueries,
  ) {
    this.unitNames = unitNamesFrom(catalog);
  }

  @Get('milestones/:id/commands')
  @ApiParam({ name: 'id', example: 'sanqu-2020.T05-2021' })
  @ApiOperation({
    summary: 'The commands the caller may issue on this milestone now, allowed or refused with the reason',
    description:
      'Computed by the same checks the commands run (role, lead or cooperating unit, assignment, lifecycle), ' +
      'for the milestone as it stands now (not as of a past date). A refused command carries the code and ' +
      "Chinese message it would be answered with (naming units by name, as the command's error does).",
  })
  @ApiOkResponse({ type: MilestoneChoicesDto })
  @MayNotFind(MILESTONE_LOOKUP)
  commands(@Param('id') id: string, @CurrentActor() actor: RequestActor): Promise<MilestoneChoicesView> {
    return this.choices.choices(id, milestoneActor(actor), this.unitNames);
  }

  /** A path of its own (not `milestones/commands`), so that `GET milestones/:id` can never take it. */
  @Get('milestones::commands')
  @ApiOperation({
    summary: 'The command choices of several milestones at once (the agenda): one request, one read',
    description:
      'For each id, exactly what `GET /milestones/{id}/commands` answers the same token; ids that name no ' +
      'milestone are listed in `unknownIds` instead of failing the request. Reads nothing but the streams asked.',
  })
  @ApiOkResponse({ type: MilestoneChoicesBatchDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED (field `ids`: none, or more than allowed)' })
  commandsOfMany(
    @Query() { ids }: MilestoneIdsQueryDto,
    @CurrentActor() actor: RequestActor,
  ): Promise<MilestoneChoicesBatch> {
    return this.choices.choicesOfMany(ids, milestoneActor(actor), this.unitNames);
  }
}
