import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { HEALTH_COLOURS, MILESTONE_LIFECYCLES, SCHEDULE_STATES } from '@app/milestones';
import { type StatsGroup, type StatsReport, type UnitStatsGroup } from '@app/read-models';
import { countsOf } from '../http/counts-schema';
import { STATS_DIMENSION } from '../http/named-enums';
import { AsOfHeaderDto } from './board.dto';

/* The roll-ups' responses; each DTO `implements` the read model's type, so a field it gains fails to compile here. */

type GroupStats = UnitStatsGroup['lead'];
type Definitions = StatsReport<StatsGroup>['definitions'];

class GroupStatsDto implements GroupStats {
  @ApiProperty({ description: 'milestones in the group; a unit’s lead side: its assignments' })
  total!: number;
  @ApiProperty(countsOf(MILESTONE_LIFECYCLES)) lifecycle!: GroupStats['lifecycle'];
  @ApiProperty(countsOf(SCHEDULE_STATES)) schedule!: GroupStats['schedule'];
  @ApiProperty(countsOf(HEALTH_COLOURS)) health!: GroupStats['health'];
  @ApiProperty({ description: 'grey because nobody reported within the cadence' }) noRecentReport!: number;
  @ApiProperty({ description: 'accepted (已销号)' }) completed!: number;
  @ApiProperty({ type: Number, nullable: true }) completionRate!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: '按期完成率（已到期）' })
  punctualityRate!: number | null;
  @ApiProperty() overdue!: number;
  @ApiProperty() late!: number;
  @ApiProperty({ type: Number, nullable: true }) meanDaysLate!: number | null;
  @ApiProperty({ type: Number, nullable: true }) maxDaysLate!: number | null;
}

export class StatsGroupDto extends GroupStatsDto implements StatsGroup {
  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'integer' }],
    nullable: true,
    description: 'zone or district name, section number or year (null: milestones naming no district)',
  })
  key!: string | number | null;
  @ApiProperty() name!: string;
  @ApiPropertyOptional({ description: 'zones: the city-wide (全市) milestones this group leaves out' })
  cityWideExcluded?: number;
}

export class UnitStatsGroupDto implements UnitStatsGroup {
  @ApiProperty({ example: 'dept-transport' }) key!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: GroupStatsDto, description: 'its own assignments (牵头)' }) lead!: GroupStatsDto;
  @ApiProperty({ type: GroupStatsDto, description: 'the milestones it cooperates on (配合)' })
  cooperating!: GroupStatsDto;
}

class RateDefinitionDto {
  @ApiProperty() en!: string;
  @ApiProperty() zh!: string;
}

/** Its keys are the read model's (its texts are literal types: checked by key only). */
class StatsDefinitionsDto implements Record<keyof Definitions, RateDefinitionDto> {
  @ApiProperty({ type: RateDefinitionDto }) completionRate!: RateDefinitionDto;
  @ApiProperty({ type: RateDefinitionDto }) punctualityRate!: RateDefinitionDto;
}

class StatsReportBaseDto extends AsOfHeaderDto implements Omit<StatsReport<never>, 'groups' | 'definitions'> {
  @ApiProperty(STATS_DIMENSION) dimension!: StatsReport<never>['dimension'];
  @ApiProperty({ type: GroupStatsDto, description: 'every milestone once' }) overall!: GroupStatsDto;
  @ApiPropertyOptional({
    description: 'zones only: the city-wide (全市) milestones the named zones leave out',
  })
  cityWideExcluded?: number;
  @ApiProperty({ type: StatsDefinitionsDto, description: 'what the rates mean' })
  definitions!: StatsDefinitionsDto;
}

export class StatsReportDto
  extends StatsReportBaseDto
  implements Omit<StatsReport<StatsGroup>, 'definitions'>
{
  @ApiProperty({ type: [StatsGroupDto] }) groups!: StatsGroupDto[];
}

export class UnitStatsReportDto
  extends StatsReportBaseDto
  implements Omit<StatsReport<UnitStatsGroup>, 'definitions'>
{
  @ApiProperty({ type: [UnitStatsGroupDto] }) groups!: UnitStatsGroupDto[];
}
