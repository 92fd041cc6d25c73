import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import type { LeadMode, StandingItemKind } from '@app/milestones';
import type { UnitRole } from '@app/read-models';
import {
  ArrayMaxSize,
  IsArray,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { NoControlCharacters } from '../http/validators';
import { LEAD_MODE, STANDING_ITEM_KIND, UNIT_ROLE } from '../http/named-enums';
import { EvidenceDto, OccurredAt } from '../milestones/milestone-command-fields.dto';

export class ReportStandingItemDto {
  @ApiProperty({ maxLength: 5000, description: 'what the unit did on the standing item (常态化工作情况)' })
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  @NoControlCharacters({ multiline: true })
  narrative!: string;

  @ApiPropertyOptional({ type: [EvidenceDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => EvidenceDto)
  evidence?: EvidenceDto[];

  @ApiPropertyOptional({
    example: 'dept-ecology',
    maxLength: 100,
    description:
      'The unit the report is for: a reporter reports for its own unit (naming another → 403 ' +
      'FORBIDDEN_OTHER_ASSIGNMENT); a supervisor or admin must name a lead or cooperating unit of the item ' +
      '(missing → 400 ASSIGNMENT_REQUIRED, unknown → 400 ASSIGNMENT_UNKNOWN, both with the known units).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @NoControlCharacters({ multiline: false })
  unit?: string;

  @OccurredAt()
  occurredAt?: string;
}

export class StandingItemCommandResultDto {
  @ApiProperty({ example: 'sanqu-2020.T13-S1' })
  itemId!: string;
  @ApiProperty({ description: "the item stream's version after the report" })
  version!: number;
  @ApiProperty({ description: 'the global position reached' })
  position!: number;
}

export class StandingUnitDto {
  @ApiProperty({ example: 'dept-ecology' })
  unit!: string;
  @ApiProperty({ example: '市生态环境局' })
  unitName!: string;
  @ApiProperty({
    ...UNIT_ROLE,
    description: '牵头 or 配合 (a cooperating unit is listed once it reported)',
  })
  role!: UnitRole;
  @ApiProperty({ description: 'reports up to asOf' })
  reports!: number;
  @ApiProperty({ nullable: true, type: String, description: 'the latest report (instant)' })
  lastReportAt!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'its plan-calendar day (YYYY-MM-DD)' })
  lastReportOn!: string | null;
}

export class StandingItemDto {
  @ApiProperty({ example: 'sanqu-2020.T13-S1' })
  itemId!: string;
  @ApiProperty()
  planKey!: string;
  @ApiProperty()
  taskNo!: number;
  @ApiProperty()
  section!: number;
  @ApiProperty()
  taskTitle!: string;
  @ApiProperty({ description: 'the plan line as written' })
  text!: string;
  @ApiProperty(STANDING_ITEM_KIND)
  kind!: StandingItemKind;
  @ApiProperty(LEAD_MODE)
  leadMode!: LeadMode;
  @ApiProperty()
  cityWide!: boolean;
  @ApiProperty({ type: [String] })
  zones!: string[];
  @ApiProperty()
  withdrawn!: boolean;
  @ApiProperty({ type: [String], description: '牵头单位 (unit ids)' })
  leadUnits!: string[];
  @ApiProperty({ type: [String], description: '配合单位 (unit ids): they may report context too' })
  cooperatingUnits!: string[];
  @ApiProperty({
    type: [StandingUnitDto],
    description: 'each lead unit (from the start), then cooperating units that reported',
  })
  units!: StandingUnitDto[];
  @ApiProperty({ nullable: true, type: String })
  lastNarrative!: string | null;
}

export class StandingItemListDto {
  @ApiProperty({ example: '2021-12-31' })
  asOf!: string;
  @ApiProperty({ nullable: true, type: String })
  knownAt!: string | null;
  @ApiProperty()
  position!: number;
  @ApiProperty({ type: [StandingItemDto] })
  items!: StandingItemDto[];
}

export class StandingReportDto {
  @ApiProperty()
  unit!: string;
  @ApiProperty()
  narrative!: string;
  @ApiProperty({ type: [EvidenceDto] })
  evidence!: EvidenceDto[];
  @ApiProperty()
  occurredAt!: string;
  @ApiProperty()
  recordedAt!: string;
  @ApiProperty()
  backdated!: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'the token (or system) that recorded it' })
  recordedBy!: string | null;
}

export class StandingItemDetailDto extends StandingItemDto {
  @ApiProperty()
  asOf!: string;
  @ApiProperty({ nullable: true, type: String })
  knownAt!: string | null;
  @ApiProperty()
  position!: number;
  @ApiProperty({ type: [StandingReportDto], description: 'every report up to asOf, oldest first' })
  reports!: StandingReportDto[];
}
