import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { ALERT_LEVELS, ALERT_RULES, ALERT_STATES, DELIVERY_STATES } from '@app/alerts';
import { ALERT_LEVEL, ALERT_RULE, ALERT_STATE, DELIVERY_STATE } from '../http/named-enums';
import { IsIsoDate, NoControlCharacters, QueryNumber } from '../http/validators';

/** An offset past this is a mistake, not a page (and 2^63 would not even fit in a bigint). */
const MAX_OFFSET = 10_000_000;

export class ScanAlertsDto {
  @ApiProperty({
    description: 'The date to judge the milestones at (YYYY-MM-DD, not after today)',
    example: '2021-01-05',
  })
  @IsString()
  @MaxLength(40)
  asOf!: string; // a real date not after today: the scan service judges it (AS_OF_INVALID / AS_OF_IN_FUTURE)
}

export class AcknowledgeAlertDto {
  @ApiPropertyOptional({ description: 'Note (备注), e.g. what is being done about it', maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @NoControlCharacters({ multiline: true })
  note?: string;
}

export class ListAlertsQuery {
  @ApiPropertyOptional({ description: 'milestone id' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  milestone?: string;

  @ApiPropertyOptional({ description: 'unit id (lead or cooperating)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  unit?: string;

  @ApiPropertyOptional(ALERT_RULE)
  @IsOptional()
  @IsIn([...ALERT_RULES])
  rule?: (typeof ALERT_RULES)[number];

  @ApiPropertyOptional(ALERT_STATE)
  @IsOptional()
  @IsIn([...ALERT_STATES])
  state?: (typeof ALERT_STATES)[number];

  @ApiPropertyOptional(ALERT_LEVEL)
  @IsOptional()
  @IsIn([...ALERT_LEVELS])
  level?: (typeof ALERT_LEVELS)[number];

  @ApiPropertyOptional({ description: 'raised on or after (YYYY-MM-DD)' })
  @IsOptional()
  @IsIsoDate()
  from?: string;

  @ApiPropertyOptional({ description: 'raised on or before (YYYY-MM-DD)' })
  @IsOptional()
  @IsIsoDate()
  to?: string;

  @ApiPropertyOptional({ default: 100, minimum: 1, maximum: 500 })
  @IsOptional()
  @QueryNumber()
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ default: 0, minimum: 0, maximum: MAX_OFFSET })
  @IsOptional()
  @QueryNumber()
  @IsInt()
  @Min(0)
  @Max(MAX_OFFSET)
  offset?: number;

  @ApiPropertyOptional({
    description:
      'The alerts as they stood on this date (YYYY-MM-DD). Default: today, or the date of knownAt.',
    example: '2021-11-30',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  asOf?: string;

  @ApiPropertyOptional({
    description:
      'Only what had been recorded by this instant (ISO 8601 with a zone, or a date = its end). Default: everything.',
    example: '2021-12-01T09:00:00+08:00',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  knownAt?: string;
}

export class ListDeliveriesQuery {
  @ApiPropertyOptional(DELIVERY_STATE)
  @IsOptional()
  @IsIn([...DELIVERY_STATES])
  state?: (typeof DELIVERY_STATES)[number];

  @ApiPropertyOptional({ default: 100, minimum: 1, maximum: 500 })
  @IsOptional()
  @QueryNumber()
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ default: 0, minimum: 0, maximum: MAX_OFFSET })
  @IsOptional()
  @QueryNumber()
  @IsInt()
  @Min(0)
  @Max(MAX_OFFSET)
  offset?: number;
}

export class ContactDto {
  @ApiProperty({ description: 'Name (shown in the To header)', example: '市交通运输局 联络员' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @NoControlCharacters({ multiline: false })
  name!: string;

  @ApiProperty({ example: 'transport@example.org' })
  @IsString()
  @MaxLength(254)
  @IsEmail({ allow_display_name: false, allow_ip_domain: false, require_tld: true })
  email!: string;
}

export class ReplaceContactsDto {
  @ApiProperty({ type: [ContactDto], description: 'The new list (replaces the old one); at most 20' })
  @IsArray()
  @ArrayMaxSize(20)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ContactDto)
  contacts!: ContactDto[];
}
