import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { UnitAgenda } from '@app/read-models';
import { AsOfHeaderDto, MilestoneBoardDto, UnitRefDto } from './board.dto';
import { UNIT_ROLE } from '../http/named-enums';

/* The agenda's response; the DTOs `implements` the read model's types (less the board's shown facts). */

type AgendaItem = UnitAgenda['overdue'][number];

class AgendaItemDto implements Omit<AgendaItem, 'milestone'> {
  @ApiProperty(UNIT_ROLE) role!: AgendaItem['role'];
  @ApiPropertyOptional({ description: 'the unit’s assignment, on a milestone with several (分别牵头)' })
  assignment?: string;
  @ApiProperty({
    type: String,
    format: 'date',
    nullable: true,
    description: 'last day of the reporting cadence',
  })
  reportDueBy!: string | null;
  @ApiProperty({ type: MilestoneBoardDto }) milestone!: MilestoneBoardDto;
}

class AgendaTotalsDto implements Record<keyof UnitAgenda['totals'], number> {
  @ApiProperty() overdue!: number;
  @ApiProperty() dueSoon!: number;
  @ApiProperty() awaitingReport!: number;
  @ApiProperty() returned!: number;
  @ApiProperty() awaitingAcceptance!: number;
}

type Sections = 'overdue' | 'dueSoon' | 'awaitingReport' | 'returned' | 'awaitingAcceptance';

export class UnitAgendaDto extends AsOfHeaderDto implements Omit<UnitAgenda, Sections> {
  @ApiProperty({ type: UnitRefDto }) unit!: UnitRefDto;
  @ApiProperty({ type: [AgendaItemDto], description: '已逾期, most days late first' })
  overdue!: AgendaItemDto[];
  @ApiProperty({ type: [AgendaItemDto], description: '即将到期 (30 days), soonest first' })
  dueSoon!: AgendaItemDto[];
  @ApiProperty({ type: [AgendaItemDto], description: '待报送' }) awaitingReport!: AgendaItemDto[];
  @ApiProperty({ type: [AgendaItemDto], description: '退回' }) returned!: AgendaItemDto[];
  @ApiProperty({ type: [AgendaItemDto], description: '待核验销号' }) awaitingAcceptance!: AgendaItemDto[];
  @ApiProperty({ type: AgendaTotalsDto, description: 'each section’s count (the lists hold at most 100)' })
  totals!: AgendaTotalsDto;
}

// Every section the read model has is listed above (a new one fails to compile here).
const _everySection: Record<Exclude<keyof UnitAgenda['totals'], Sections>, never> = {};
