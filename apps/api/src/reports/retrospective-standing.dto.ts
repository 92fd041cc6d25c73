import { ApiProperty } from '@nestjs/swagger';
import { LEAD_MODE, STANDING_ITEM_KIND, UNIT_ROLE } from '../http/named-enums';
import type { Report } from './retrospective-report';

/*
 * The review's standing items' year-end statement (`standing`, 常态化事项年终情况), field by field. Each DTO
 * `implements` the report's type (a field it gains or retypes fails to compile here).
 */

type StandingStatement = Report['standing'];
type StandingItemStatement = StandingStatement['items'][number];
type StandingUnitStatement = StandingItemStatement['units'][number];

class ReviewStandingUnitDto implements StandingUnitStatement {
  @ApiProperty({ example: 'dept-transport' }) unitId!: string;
  @ApiProperty({ example: '市交通运输局' }) unit!: string;
  @ApiProperty(UNIT_ROLE) role!: StandingUnitStatement['role'];
  @ApiProperty({ description: 'reports that happened in the year (up to the statement day)' })
  reportsInYear!: number;
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'null: it never reported' })
  lastReportOn!: string | null;
  @ApiProperty({ format: 'date', description: 'the last report, or 1 January of the item’s first year' })
  silentSince!: string;
  @ApiProperty({ description: 'days from silentSince to the statement day' }) daysSilent!: number;
  @ApiProperty({ description: 'daysSilent ≤ cadenceDays' }) withinCadence!: boolean;
}

class ReviewStandingItemDto implements StandingItemStatement {
  @ApiProperty({ example: 'sanqu-2020.T01-S1' }) itemId!: string;
  @ApiProperty() section!: number;
  @ApiProperty() taskNo!: number;
  @ApiProperty() taskTitle!: string;
  @ApiProperty() text!: string;
  @ApiProperty({ ...STANDING_ITEM_KIND, example: 'standing' })
  kind!: StandingItemStatement['kind'];
  @ApiProperty({ example: '常态化要求' }) kindLabel!: string;
  @ApiProperty(LEAD_MODE) leadMode!: StandingItemStatement['leadMode'];
  @ApiProperty() cityWide!: boolean;
  @ApiProperty({ type: [String] }) zones!: string[];
  @ApiProperty({ description: 'withdrawn from the plan by the statement day' }) withdrawn!: boolean;
  @ApiProperty({
    type: [ReviewStandingUnitDto],
    description: 'lead units first, then cooperating units that reported',
  })
  units!: ReviewStandingUnitDto[];
}

export class ReviewStandingDto implements StandingStatement {
  @ApiProperty({ format: 'date', description: 'the statement day (the review’s as-of date)' }) asOf!: string;
  @ApiProperty({ description: 'the reporting cadence in days' }) cadenceDays!: number;
  @ApiProperty({ type: [ReviewStandingItemDto] }) items!: ReviewStandingItemDto[];
}
