import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { ROBOT_KINDS, type RobotKind } from '@app/alerts';
import { ROBOT_KIND } from '../http/named-enums';
import { NoControlCharacters } from '../http/validators';

/** Is there a webhook to check: an entry without `key` must give one, an entry with `key` must not (the service says). */
const givesWebhook = (o: RobotDto, field: keyof RobotDto): boolean =>
  o.key === undefined || o.key === null || o[field] !== undefined;

/**
 * One robot of the new list: either `{ key }`, a stored robot kept as it is (its webhook and secret are never shown
 * in clear, so they need not and cannot be typed again), or `{ kind, url, secret? }`, a webhook to store.
 */
export class RobotDto {
  @ApiPropertyOptional({
    description:
      'Keeps the unit’s stored robot with this key (`<kind>:<hash>`, as GET lists it) at this place in the list, ' +
      'its webhook and secret as stored. Alone: not with url or secret (ROBOT_KEY_WITH_WEBHOOK); a key the unit ' +
      'has no robot for is refused (ROBOT_KEY_UNKNOWN), as is a robot listed twice (ROBOT_DUPLICATE). A robot ' +
      'that cannot be decrypted may be kept: it stays unreadable (listed with its hint).',
    example: 'dingtalk:0123456789abcdef0123456789abcdef',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  key?: string;

  @ApiPropertyOptional({
    ...ROBOT_KIND,
    description: 'Required without key; with key, optional and the robot’s own',
  })
  @ValidateIf((o: RobotDto) => givesWebhook(o, 'kind'))
  @IsIn([...ROBOT_KINDS])
  kind?: RobotKind;

  @ApiPropertyOptional({
    description:
      'Required without key. The webhook from the robot’s settings: https://oapi.dingtalk.com/robot/send?access_token=… or ' +
      'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=… (https; http only to loopback). Shown masked. ' +
      'Replaces a stored robot with the same webhook.',
    example: 'https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef',
  })
  @ValidateIf((o: RobotDto) => givesWebhook(o, 'url'))
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  @NoControlCharacters({ multiline: false })
  url?: string; // its shape per kind is judged by the service (ROBOT_URL_INVALID)

  @ApiPropertyOptional({
    description:
      'DingTalk 加签 secret (SEC…), only with url: messages are signed with it. Never shown back (masked).',
    example: 'SEC0123456789abcdef',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  secret?: string;
}

export class ReplaceRobotsDto {
  @ApiProperty({
    type: [RobotDto],
    description:
      'The unit’s group robots, in order (replaces the old list: a stored robot not kept by its key is removed); at most 10',
  })
  @IsArray()
  @ArrayMaxSize(10)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => RobotDto)
  robots!: RobotDto[];
}
