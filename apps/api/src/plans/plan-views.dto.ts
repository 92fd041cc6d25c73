import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { LeadMode } from '@app/milestones/labels';
import {
  PLAN_IMPORT_STATUSES,
  UNIT_KINDS,
  type DistrictView,
  type MilestonePlanView,
  type PlanCatalogQueries,
  type PlanImportResult,
  type PlanSummary,
  type TaskView,
} from '@app/plans';
import { LEAD_MODE, PLACE_REASON_KIND, STANDING_ITEM_KIND } from '../http/named-enums';

/* The plan catalogue's responses; each DTO `implements` the catalogue's type, so a field it gains fails to compile. */

type Answer<K extends keyof PlanCatalogQueries> = PlanCatalogQueries[K] extends (
  ...a: never[]
) => Promise<infer T>
  ? T
  : never;
type Zone = Answer<'zones'>[number];
type ZoneDistrict = Zone['districts'][number];
type ExtensionTown = Zone['policyExtensionTowns'][number];
type UnitView = Answer<'units'>[number];
type SectionView = Answer<'sections'>[number];
type Counts = PlanSummary['counts'];
type Assignment = MilestonePlanView['assignments'][number];
type Indicator = MilestonePlanView['indicators'][number];
type Standing = TaskView['standingRequirements'][number];
type Place = TaskView['zones'][number];
type PlaceReason = Place['reasons'][number];
type Town = TaskView['towns'][number];

class ChangesDto {
  @ApiProperty({ type: [String] }) added!: string[];
  @ApiProperty({ type: [String] }) revised!: string[];
  @ApiProperty({ type: [String] }) withdrawn!: string[];
}

export class PlanImportResultDto extends ChangesDto implements PlanImportResult {
  @ApiProperty({ enum: PLAN_IMPORT_STATUSES, enumName: 'PlanImportStatus' })
  status!: PlanImportResult['status'];
  @ApiProperty({ example: 'sanqu-2020' }) planKey!: string;
  @ApiProperty() documentSha256!: string;
  @ApiProperty() eventsWritten!: number;
  @ApiProperty({ description: 'milestones in the document' }) milestones!: number;
  @ApiProperty({ type: ChangesDto, description: 'standing items (常态化事项)' }) standingItems!: ChangesDto;
  @ApiProperty({ description: 'the position reached (X-Min-Position)' }) position!: number;
}

class CountsDto implements Counts {
  @ApiProperty() zones!: number;
  @ApiProperty() districts!: number;
  @ApiProperty() towns!: number;
  @ApiProperty() policyExtensionTowns!: number;
  @ApiProperty() sections!: number;
  @ApiProperty() tasks!: number;
  @ApiProperty() milestones!: number;
  @ApiProperty() units!: number;
  @ApiProperty() findings!: number;
}

export class PlanSummaryDto implements PlanSummary {
  @ApiProperty({ example: 'sanqu-2020' }) planKey!: string;
  @ApiProperty() title!: string;
  @ApiProperty() documentSha256!: string;
  @ApiProperty({ type: String, nullable: true }) sourceName!: string | null;
  @ApiProperty({ format: 'date-time' }) importedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revisedAt!: string | null;
  @ApiProperty({ type: CountsDto }) counts!: CountsDto;
}

class ZoneDistrictDto implements ZoneDistrict {
  @ApiProperty({ example: '台山市' }) name!: string;
  @ApiProperty({ type: [String], description: '镇（街） in this zone' }) towns!: string[];
}

class ExtensionTownDto implements ExtensionTown {
  @ApiProperty({ type: String, nullable: true }) district!: string | null;
  @ApiProperty() town!: string;
}

export class ZoneDto implements Zone {
  @ApiProperty({ example: '都市核心区' }) name!: string;
  @ApiProperty({ type: [ZoneDistrictDto] }) districts!: ZoneDistrictDto[];
  @ApiProperty({ type: [ExtensionTownDto], description: '区域政策延伸适用范围' })
  policyExtensionTowns!: ExtensionTownDto[];
}

class DistrictZoneDto {
  @ApiProperty() zone!: string;
  @ApiProperty({ type: [String] }) towns!: string[];
}

export class DistrictDto implements DistrictView {
  @ApiProperty({ example: '台山市' }) name!: string;
  @ApiProperty({ type: [DistrictZoneDto] }) zones!: DistrictZoneDto[];
  @ApiProperty({ description: 'towns in the district' }) towns!: number;
  @ApiProperty({ description: 'its government’s unit id' }) government!: string;
}

export class UnitDto implements UnitView {
  @ApiProperty({ example: 'dept-transport' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: UNIT_KINDS }) kind!: UnitView['kind'];
  @ApiPropertyOptional({ description: 'district governments: the district' }) district?: string;
  @ApiProperty({ type: [String] }) aliases!: string[];
  @ApiProperty({ type: [Number], description: 'tasks it leads' }) leads!: number[];
  @ApiProperty({ type: [Number], description: 'tasks it cooperates on' }) cooperates!: number[];
}

export class SectionDto implements SectionView {
  @ApiProperty({ description: '1 … 5' }) no!: number;
  @ApiProperty({ example: '一' }) numeral!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: String, nullable: true }) zone!: string | null;
  @ApiProperty() taskCount!: number;
  @ApiProperty({ type: [Number] }) tasks!: number[];
}

class PlanPeriodDto {
  @ApiProperty({ example: 2021 }) from!: number;
  @ApiProperty({ example: 2021 }) to!: number;
}

class IndicatorDto implements Indicator {
  @ApiProperty() metric!: string;
  @ApiProperty({ example: '>=' }) comparator!: string;
  @ApiProperty() target!: number;
  @ApiPropertyOptional({ description: 'upper bound of a range (`between`)' }) targetMax?: number;
  @ApiProperty({ example: '个' }) unit!: string;
  @ApiProperty() source!: string;
}

class PlanAssignmentDto implements Assignment {
  @ApiProperty({ example: 'gov-taishan' }) key!: string;
  @ApiProperty({ type: [String] }) leadUnits!: string[];
  @ApiProperty({ type: [String] }) leadUnitNames!: string[];
}

export class MilestonePlanDto implements MilestonePlanView {
  @ApiProperty({ example: 'sanqu-2020.T05-2021' }) id!: string;
  @ApiProperty({ example: 'sanqu-2020.T05-2021' }) milestoneId!: string;
  @ApiProperty() planKey!: string;
  @ApiProperty() taskNo!: number;
  @ApiProperty() section!: number;
  @ApiProperty() taskTitle!: string;
  @ApiProperty({ type: PlanPeriodDto }) period!: PlanPeriodDto;
  @ApiProperty({ format: 'date', description: 'the plan’s due date (baseline)' }) dueDate!: string;
  @ApiPropertyOptional({ format: 'date', description: '1 January of the first year' }) startDate?: string;
  @ApiPropertyOptional({ enum: ['period-end', 'named-in-text'], description: 'how the due date was derived' })
  dueDateSource?: MilestonePlanView['dueDateSource'];
  @ApiPropertyOptional({ description: 'the plan document it was imported from' }) documentSha256?: string;
  @ApiProperty() text!: string;
  @ApiProperty({ type: [IndicatorDto] }) indicators!: IndicatorDto[];
  @ApiProperty({ type: [String] }) leadUnits!: string[];
  @ApiProperty(LEAD_MODE) leadMode!: LeadMode;
  @ApiProperty({ type: [String] }) cooperatingUnits!: string[];
  @ApiProperty({ type: [String] }) zones!: string[];
  @ApiProperty({ type: [String] }) districts!: string[];
  @ApiProperty() cityWide!: boolean;
  @ApiProperty() withdrawn!: boolean;
  @ApiProperty({ type: [PlanAssignmentDto] }) assignments!: PlanAssignmentDto[];
  @ApiProperty({ type: [String] }) leadUnitNames!: string[];
  @ApiProperty({ type: [String] }) cooperatingUnitNames!: string[];
}

class StandingDto implements Standing {
  @ApiProperty() text!: string;
  @ApiProperty(STANDING_ITEM_KIND) kind!: Standing['kind'];
  @ApiProperty() line!: number;
}

class PlaceReasonDto implements PlaceReason {
  @ApiProperty(PLACE_REASON_KIND) kind!: PlaceReason['kind'];
  @ApiProperty() evidence!: string;
}

class PlaceDto implements Place {
  @ApiProperty() name!: string;
  @ApiProperty({ ...PLACE_REASON_KIND, description: 'the strongest reason' })
  reason!: Place['reason'];
  @ApiProperty({ type: [PlaceReasonDto] }) reasons!: PlaceReasonDto[];
}

class TownDto implements Town {
  @ApiProperty() name!: string;
  @ApiProperty() district!: string;
  @ApiProperty() zone!: string;
  @ApiProperty() evidence!: string;
}

export class TaskDto implements TaskView {
  @ApiProperty({ description: '序号' }) no!: number;
  @ApiProperty() numberInDocument!: boolean;
  @ApiProperty() section!: number;
  @ApiProperty() cityWide!: boolean;
  @ApiProperty({ description: '重点事项' }) title!: string;
  @ApiProperty({ description: '工作任务' }) workTask!: string;
  @ApiProperty({ description: '三年工作计划, as written' }) planText!: string;
  @ApiProperty({ description: '责任单位, as written' }) responsibilityText!: string;
  @ApiProperty({ type: [String] }) leadUnits!: string[];
  @ApiProperty({ type: [String] }) leadUnitIds!: string[];
  @ApiProperty(LEAD_MODE) leadMode!: LeadMode;
  @ApiProperty({ type: [String] }) cooperatingUnits!: string[];
  @ApiProperty({ type: [String] }) cooperatingUnitIds!: string[];
  @ApiProperty({ type: [StandingDto] }) standingRequirements!: StandingDto[];
  @ApiProperty({ type: [PlaceDto] }) zones!: PlaceDto[];
  @ApiProperty({ type: [PlaceDto] }) districts!: PlaceDto[];
  @ApiProperty({ type: [TownDto] }) towns!: TownDto[];
  @ApiProperty({ type: [MilestonePlanDto] }) milestones!: MilestonePlanDto[];
  @ApiProperty() line!: number;
}
