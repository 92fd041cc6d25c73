import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import {
  CurrentActor,
  ROLES,
  type RequestActor,
  type Role,
  Roles,
  TokenService,
  type TokenInfo,
} from '@app/access';
import { PlanCatalogQueries } from '@app/plans';
import { ACTOR_ROLE } from '../http/named-enums';
import { NoControlCharacters } from '../http/validators';
import { MayNotFind } from '../http/openapi/may-not-find';

export class CreateTokenDto {
  @ApiProperty(ACTOR_ROLE)
  @IsIn([...ROLES])
  role!: string;

  @ApiPropertyOptional({
    description: 'Unit id (GET /api/v1/units); required for reporters, refused otherwise',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  @NoControlCharacters({ multiline: false })
  unit?: string;

  @ApiProperty({ description: 'Who or what the token is for, e.g. 市发展改革局-张三' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @NoControlCharacters({ multiline: false })
  name!: string;
}

class TokenInfoDto implements TokenInfo {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '市发展改革局-张三' }) name!: string;
  @ApiProperty(ACTOR_ROLE) role!: Role;
  @ApiProperty({ type: String, nullable: true, description: 'a reporter’s unit' }) unit!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastUsedAt!: string | null;
}

class CreatedTokenDto extends TokenInfoDto {
  @ApiProperty({ description: 'the token value, shown once' }) token!: string;
}

@ApiTags('tokens')
@Roles('admin')
@Controller('api/v1/tokens')
export class TokensController {
  constructor(
    private readonly tokens: TokenService,
    private readonly units: PlanCatalogQueries,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create a token (admin). The token value is shown once; only its hash is kept.' })
  @ApiCreatedResponse({ type: CreatedTokenDto })
  async create(
    @Body() dto: CreateTokenDto,
    @CurrentActor() actor: RequestActor,
  ): Promise<TokenInfo & { token: string }> {
    return this.tokens.create(dto, `${actor.tokenName} (${actor.tokenId})`, (u) => this.units.unitExists(u));
  }

  @Get()
  @ApiOperation({ summary: 'List tokens (admin); values are never shown' })
  @ApiOkResponse({ type: [TokenInfoDto] })
  async list(): Promise<TokenInfo[]> {
    return this.tokens.list();
  }

  @Delete(':id')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke a token (admin); it gets 401 from then on' })
  @ApiOkResponse({ type: TokenInfoDto, description: 'the token, revoked' })
  @MayNotFind({ id: 'TOKEN_NOT_FOUND: no such token' })
  async revoke(@Param('id') id: string): Promise<TokenInfo> {
    return this.tokens.revoke(id);
  }
}
