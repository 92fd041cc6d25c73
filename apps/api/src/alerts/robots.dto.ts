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
  ValidateNested,
} from 'class-validator';
import { ROBOT_KINDS, type RobotKind } from '@app/alerts';
import { ROBOT_KIND } from '../http/named-enums';
import { NoControlCharacters } from '../http/validators';

export class RobotDto {
  @ApiProperty(ROBOT_KIND)
  @IsIn([...ROBOT_KINDS])
  kind!: RobotKind;

  @ApiProperty({
    description:
      'The webhook from the robot’s settings: https://oapi.dingtalk.com/robot/send?access_token=… or ' +
      'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=… (https; http only to loopback). Shown masked.',
    example: 'https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  @NoControlCharacters({ multiline: false })
  url!: string; // its shape per kind is judged by the service (ROBOT_URL_INVALID)

  @ApiPropertyOptional({
    description: 'DingTalk 加签 secret (SEC…): messages are signed with it. Never shown back (masked).',
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
    description: 'The unit’s group robots (replaces the old list); at most 10',
  })
  @IsArray()
  @ArrayMaxSize(10)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => RobotDto)
  robots!: RobotDto[];
}
