import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, type RequestActor, Roles } from '@app/access';
import {
  AcknowledgeAlertService,
  AlertQueries,
  AlertScanService,
  ContactsService,
  contactsTag,
  type AlertPage,
  type AlertView,
  type Contact,
  type DeliveryView,
  type ScanResult,
} from '@app/alerts';
import {
  AcknowledgeAlertDto,
  ListAlertsQuery,
  ListDeliveriesQuery,
  ReplaceContactsDto,
  ScanAlertsDto,
} from './alerts.dto';
import {
  AcknowledgedAlertDto,
  AlertDto,
  AlertPageDto,
  ContactViewDto,
  DeliveryDto,
  DeliveryPageDto,
  ScanResultDto,
} from './alert-views.dto';
import { OptionalHeader } from '../http/optional-header';
import { ListDocs, listIfMatch, withListTag } from './list-etag';
import { MayNotFind } from '../http/openapi/may-not-find';

const ALERT_LOOKUP = { id: 'ALERT_NOT_FOUND: no such alert' };

@ApiTags('alerts')
@Controller('api/v1')
export class AlertsController {
  constructor(
    private readonly queries: AlertQueries,
    private readonly scans: AlertScanService,
    private readonly acks: AcknowledgeAlertService,
    private readonly contacts: ContactsService,
  ) {}

  @Post('alerts::scan')
  @HttpCode(200)
  @Roles('supervisor')
  @ApiOperation({
    summary: 'Run the time-based alert rules at a date (supervisor)',
    description:
      'Due soon, overdue (weekly repeats, escalation), behind schedule, indicator shortfall, no report within the ' +
      'cadence; resolves alerts whose condition cleared. The same date twice raises nothing new. Mails follow ' +
      '(one digest per recipient).',
  })
  @ApiOkResponse({ type: ScanResultDto })
  @ApiUnprocessableEntityResponse({ description: 'AS_OF_IN_FUTURE: asOf is after today (plan time zone)' })
  async scan(@Body() dto: ScanAlertsDto): Promise<ScanResult> {
    return this.scans.scan(dto.asOf, 'api');
  }

  @Get('alerts')
  @ApiOperation({
    summary: 'Alerts, newest first, with filters (milestone, unit, rule, state, level, from/to)',
    description:
      'Each alert as it stood on asOf (default today) as known at knownAt (default everything recorded): ' +
      'alerts raised later are left out, and so are repeats, escalations, acknowledgements and resolutions ' +
      'dated after asOf or recorded after knownAt; the state filter applies to that state.',
  })
  @ApiOkResponse({ type: AlertPageDto })
  async list(@Query() q: ListAlertsQuery): Promise<AlertPage> {
    return this.queries.list(q);
  }

  @Get('alerts/deliveries')
  @Roles('supervisor')
  @ApiOperation({
    summary: 'Alert mails: the outbox (state=pending), sent, and dead letters (state=dead) (supervisor)',
  })
  @ApiOkResponse({ type: DeliveryPageDto })
  async deliveries(@Query() q: ListDeliveriesQuery): Promise<{ total: number; items: DeliveryView[] }> {
    return this.queries.deliveries(q.state, q.limit, q.offset);
  }

  @Post('alerts/deliveries/:id/retry')
  @MayNotFind({ id: 'DELIVERY_NOT_FOUND: no such delivery' })
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Put a dead-lettered mail back in the outbox (admin)' })
  @ApiOkResponse({ type: DeliveryDto })
  @ApiConflictResponse({ description: 'DELIVERY_NOT_DEAD: only a dead-lettered delivery can be retried' })
  async retry(@Param('id') id: string): Promise<DeliveryView> {
    return this.queries.retryDelivery(id);
  }

  @Get('alerts/contacts')
  @Roles('supervisor')
  @ApiOperation({
    summary: 'Every alert recipient: unit contacts, supervising office, escalation (supervisor)',
  })
  @ApiOkResponse({ type: [ContactViewDto] })
  async allContacts(): Promise<Contact[]> {
    return this.contacts.list();
  }

  @Get('alerts/contacts/:group')
  @MayNotFind({ group: 'CONTACT_GROUP_UNKNOWN: neither supervising-office nor escalation' })
  @Roles('supervisor')
  @ApiOperation({
    summary: 'Contacts of the supervising office (supervising-office) or for escalations (escalation)',
  })
  @ListDocs(ContactViewDto, false)
  async groupContacts(
    @Param('group') group: string,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<Contact[]> {
    const list = await this.contacts.ofGroup(group);
    return withListTag(res, contactsTag(list), list);
  }

  @Put('alerts/contacts/:group')
  @MayNotFind({ group: 'CONTACT_GROUP_UNKNOWN: neither supervising-office nor escalation' })
  @Roles('admin')
  @ApiOperation({ summary: 'Replace the supervising office or escalation contacts (admin)' })
  @ListDocs(ContactViewDto, true)
  async replaceGroup(
    @Param('group') group: string,
    @Body() dto: ReplaceContactsDto,
    @Res({ passthrough: true }) res: FastifyReply,
    @OptionalHeader('If-Match') ifMatch?: string,
  ): Promise<Contact[]> {
    const list = await this.contacts.replaceGroup(group, dto.contacts, listIfMatch(ifMatch));
    return withListTag(res, contactsTag(list), list);
  }

  @Get('alerts/:id')
  @MayNotFind(ALERT_LOOKUP)
  @ApiOperation({ summary: 'One alert' })
  @ApiOkResponse({ type: AlertDto })
  async get(@Param('id') id: string): Promise<AlertView> {
    return this.queries.get(id);
  }

  @Post('alerts/:id/acknowledgement')
  @MayNotFind(ALERT_LOOKUP)
  @HttpCode(200)
  @Roles('supervisor', 'reporter')
  @ApiOperation({
    summary: 'Acknowledge an alert (确认): stops its weekly repeats and its escalation',
    description:
      'Who acknowledged comes from the token. A reporter may acknowledge alerts of its own unit’s milestones.',
  })
  @ApiOkResponse({ type: AcknowledgedAlertDto })
  @ApiConflictResponse({ description: 'ALERT_ALREADY_ACKNOWLEDGED or ALERT_ALREADY_RESOLVED' })
  async acknowledge(
    @Param('id') id: string,
    @Body() dto: AcknowledgeAlertDto,
    @CurrentActor() actor: RequestActor,
  ): Promise<AlertView & { position: number }> {
    const r = await this.acks.acknowledge(id, dto.note, {
      tokenId: actor.tokenId,
      tokenName: actor.tokenName,
      role: actor.role,
      ...(actor.unit !== undefined ? { unit: actor.unit } : {}),
    });
    return { ...r.alert, position: r.position };
  }
}
