import { ApiProperty } from '@nestjs/swagger';
import type { HealthColour } from '@app/milestones';
import type { HealthHistoryView } from '@app/read-models';
import { HEALTH_COLOUR } from '../http/named-enums';
import { AsOfHeaderDto, HealthReasonDto } from './board.dto';

/* The health history's response; the DTOs `implements` the read model's types. */

type HealthChangeView = HealthHistoryView['changes'][number];
type CurrentHealthView = HealthHistoryView['current'];

class AssignmentKeyDto {
  @ApiProperty({ example: 'gov-taishan' }) key!: string;
  @ApiProperty({ type: [String] }) leadUnits!: string[];
}

class CurrentHealthDto implements CurrentHealthView {
  @ApiProperty(HEALTH_COLOUR) colour!: HealthColour;
  @ApiProperty({ example: '红' }) colourZh!: string;
  @ApiProperty({ type: [HealthReasonDto], description: 'on asOf' }) reasons!: HealthReasonDto[];
  @ApiProperty({ format: 'date', description: 'the first day of this colour' }) since!: string;
  @ApiProperty({ format: 'date', description: 'the last change (colour or reasons)' }) changedOn!: string;
}

class HealthChangeDto implements HealthChangeView {
  @ApiProperty({ format: 'date' }) effectiveOn!: string;
  @ApiProperty(HEALTH_COLOUR) colour!: HealthColour;
  @ApiProperty() colourZh!: string;
  @ApiProperty({ ...HEALTH_COLOUR, nullable: true, description: 'null on the first entry' })
  previousColour!: HealthColour | null;
  @ApiProperty({ type: [HealthReasonDto] }) reasons!: HealthReasonDto[];
}

export class HealthHistoryDto extends AsOfHeaderDto implements HealthHistoryView {
  @ApiProperty({ example: 'sanqu-2020.T05-2021' }) milestoneId!: string;
  @ApiProperty({ type: AssignmentKeyDto }) assignment!: AssignmentKeyDto;
  @ApiProperty({ type: [AssignmentKeyDto] }) assignments!: AssignmentKeyDto[];
  @ApiProperty({ type: CurrentHealthDto }) current!: CurrentHealthDto;
  @ApiProperty({ type: [HealthChangeDto], description: 'oldest first' }) changes!: HealthChangeDto[];
}
