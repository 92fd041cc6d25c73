import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { MAX_PAGE_SIZE, MILESTONE_SORTS } from '@app/read-models';
import { HEALTH_COLOURS, MILESTONE_LIFECYCLES, SCHEDULE_STATES } from '@app/milestones';
import { UNIT_ROLE } from '../http/named-enums';

/*
 * Query parameters. Here only their shape (strings, a length limit, no unknown parameter); what they mean is
 * checked by the read models (a real date, a known zone, a page size within bounds), which answer a
 * problem+json 400 naming the field.
 */

export class TimeTravelQueryDto {
  @ApiPropertyOptional({
    description:
      'The state of the world on this date (YYYY-MM-DD, plan time zone). Default: today, or the date of knownAt.',
    example: '2021-06-30',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  asOf?: string;

  @ApiPropertyOptional({
    description:
      'Only what had been recorded by this instant (ISO 8601 with a zone, or a date = its end). Default: everything.',
    example: '2021-08-20T09:00:00+08:00',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  knownAt?: string;
}

export class HealthHistoryQueryDto extends TimeTravelQueryDto {
  @ApiPropertyOptional({
    description:
      'The assignment (承办事项) whose history to show: its key, the lead unit’s id (`joint` for a 共同牵头 ' +
      'milestone). Needed when the milestone has several (分别牵头).',
    example: 'gov-taishan',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  assignment?: string;
}

export class MilestoneFilterQueryDto extends TimeTravelQueryDto {
  @ApiPropertyOptional({
    description: '功能区 (zone name), or 全市 for the city-wide milestones',
    example: '大广海湾区',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  zone?: string;

  @ApiPropertyOptional({ description: '市（区） (district name)', example: '台山市' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  district?: string;

  @ApiPropertyOptional({ description: '责任单位 (unit id)', example: 'dept-transport' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  unit?: string;

  @ApiPropertyOptional({
    description: 'with unit: lead (牵头) or cooperating (配合)',
    ...UNIT_ROLE,
  })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  role?: string;

  @ApiPropertyOptional({ description: '板块 1–5', example: '2' })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  section?: string;

  @ApiPropertyOptional({ description: 'year of the baseline due date', example: '2021' })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  year?: string;

  @ApiPropertyOptional({ description: `lifecycle(s), comma-separated: ${MILESTONE_LIFECYCLES.join(', ')}` })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  lifecycle?: string;

  @ApiPropertyOptional({ description: `schedule state(s), comma-separated: ${SCHEDULE_STATES.join(', ')}` })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  schedule?: string;

  @ApiPropertyOptional({ description: `health colour(s), comma-separated: ${HEALTH_COLOURS.join(', ')}` })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  health?: string;

  @ApiPropertyOptional({ description: 'text in the milestone, its task title or its id', example: '交通' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}

export class MilestoneListQueryDto extends MilestoneFilterQueryDto {
  @ApiPropertyOptional({ description: 'page, from 1', example: '1' })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  page?: string;

  @ApiPropertyOptional({ description: `rows per page, 1–${MAX_PAGE_SIZE} (default 50)`, example: '50' })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  pageSize?: string;

  @ApiPropertyOptional({
    description: `sort key, - for descending: ${MILESTONE_SORTS.join(', ')} (default dueDate)`,
    example: '-daysLate',
  })
  @IsOptional()
  @IsString()
  @MaxLength(30)
  sort?: string;
}
