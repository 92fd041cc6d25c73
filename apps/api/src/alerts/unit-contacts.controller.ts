import { Body, Controller, Get, Param, Put, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '@app/access';
import {
  type Contact,
  ContactsService,
  contactsTag,
  RobotsService,
  robotsTag,
  type RobotView,
} from '@app/alerts';
import { OptionalHeader } from '../http/optional-header';
import { ReplaceContactsDto } from './alerts.dto';
import { ContactViewDto, RobotViewDto } from './alert-views.dto';
import { ListDocs, listIfMatch, withListTag } from './list-etag';
import { ReplaceRobotsDto } from './robots.dto';
import { MayNotFind, UNIT_LOOKUP } from '../http/openapi/may-not-find';

/** A unit's alert recipients and group robots, each list with its ETag (`list-etag.ts`). */
@ApiTags('alerts')
@Controller('api/v1/units')
@MayNotFind(UNIT_LOOKUP)
export class UnitContactsController {
  constructor(
    private readonly contacts: ContactsService,
    private readonly robots: RobotsService,
  ) {}

  @Get(':id/contacts')
  @Roles('supervisor')
  @ApiOperation({ summary: 'A unit’s alert recipients (supervisor)' })
  @ListDocs(ContactViewDto, false)
  async get(@Param('id') id: string, @Res({ passthrough: true }) res: FastifyReply): Promise<Contact[]> {
    const list = await this.contacts.ofUnit(id);
    return withListTag(res, contactsTag(list), list);
  }

  @Put(':id/contacts')
  @Roles('admin')
  @ApiOperation({ summary: 'Replace a unit’s alert recipients (admin)' })
  @ListDocs(ContactViewDto, true)
  async replace(
    @Param('id') id: string,
    @Body() dto: ReplaceContactsDto,
    @Res({ passthrough: true }) res: FastifyReply,
    @OptionalHeader('If-Match') ifMatch?: string,
  ): Promise<Contact[]> {
    const list = await this.contacts.replaceUnit(id, dto.contacts, listIfMatch(ifMatch));
    return withListTag(res, contactsTag(list), list);
  }

  @Get(':id/robots')
  @Roles('supervisor')
  @ApiOperation({
    summary: 'A unit’s 钉钉 / 企业微信 group robots, token and secret masked (supervisor)',
  })
  @ListDocs(RobotViewDto, false)
  async getRobots(
    @Param('id') id: string,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<RobotView[]> {
    const list = await this.robots.ofUnit(id);
    return withListTag(res, robotsTag(list), list);
  }

  @Put(':id/robots')
  @Roles('admin')
  @ApiOperation({
    summary: 'Replace a unit’s group robots (admin)',
    description:
      'The unit’s alerts (as its mail contacts get them) also go to each robot as one markdown message per run, ' +
      'through the same outbox, retries and dead letters as the mails. DingTalk messages are signed (加签) when a ' +
      'secret is given. The answer shows the token and the secret masked. The list replaces the unit’s robots: ' +
      'keep a stored one by its key alone (`{ "key": "dingtalk:…" }`, as GET lists it; its webhook and secret as ' +
      'stored), give a new one by its webhook.',
  })
  @ListDocs(RobotViewDto, true)
  async replaceRobots(
    @Param('id') id: string,
    @Body() dto: ReplaceRobotsDto,
    @Res({ passthrough: true }) res: FastifyReply,
    @OptionalHeader('If-Match') ifMatch?: string,
  ): Promise<RobotView[]> {
    const list = await this.robots.replaceUnit(id, dto.robots, listIfMatch(ifMatch));
    return withListTag(res, robotsTag(list), list);
  }
}
