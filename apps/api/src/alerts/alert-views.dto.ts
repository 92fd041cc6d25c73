import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CONTACT_SCOPES,
  OUTBOX_CHANNELS,
  type AlertPage,
  type AlertQueries,
  type AlertView,
  type Contact,
  type DeliveryView,
  type RobotView,
  type ScanResult,
} from '@app/alerts';
import { ALERT_LEVEL, ALERT_RULE, ALERT_STATE, DELIVERY_STATE, ROBOT_KIND } from '../http/named-enums';

/* The alerts' responses; each DTO `implements` the alert read side's type, so a field it gains fails to compile. */

class AlertReasonDto {
  @ApiProperty({ example: 'OVERDUE' }) code!: string;
  @ApiProperty() zh!: string;
  @ApiProperty() en!: string;
}

type Acknowledged = NonNullable<AlertView['acknowledged']>;
type AcknowledgedBy = Acknowledged['by'];
type DeliveryPage = Awaited<ReturnType<AlertQueries['deliveries']>>;

class AcknowledgedByDto implements AcknowledgedBy {
  @ApiProperty() tokenId!: string;
  @ApiProperty() tokenName!: string;
  @ApiProperty() role!: string;
  @ApiPropertyOptional() unit?: string;
}

class AcknowledgedDto implements Acknowledged {
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ type: AcknowledgedByDto }) by!: AcknowledgedByDto;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
}

export class AlertDto implements AlertView {
  @ApiProperty() id!: string;
  @ApiProperty() key!: string;
  @ApiProperty() episode!: number;
  @ApiProperty(ALERT_RULE) rule!: AlertView['rule'];
  @ApiProperty() ruleZh!: string;
  @ApiProperty(ALERT_LEVEL) level!: AlertView['level'];
  @ApiProperty() levelZh!: string;
  @ApiProperty(ALERT_STATE) state!: AlertView['state'];
  @ApiProperty() stateZh!: string;
  @ApiProperty() milestoneId!: string;
  @ApiProperty() taskNo!: number;
  @ApiProperty() taskTitle!: string;
  @ApiProperty() milestoneText!: string;
  @ApiProperty({ format: 'date' }) dueDate!: string;
  @ApiProperty({ type: String, nullable: true, description: 'the assignment (承办事项), when it names one' })
  assignment!: string | null;
  @ApiProperty({ type: [String] }) leadUnits!: string[];
  @ApiProperty({ type: [String] }) cooperatingUnits!: string[];
  @ApiProperty({ format: 'date' }) raisedOn!: string;
  @ApiProperty({
    type: [AlertReasonDto],
    description:
      'days overdue / days left as of the list’s asOf (today for one alert) while unresolved, as of lastNotifiedOn once resolved',
  })
  reasons!: AlertReasonDto[];
  @ApiProperty({
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }], nullable: true },
    description: 'the figures behind it, as of the same day as `reasons`',
  })
  facts!: Record<string, string | number | null>;
  @ApiProperty() repeats!: number;
  @ApiProperty({ format: 'date' }) lastNotifiedOn!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) nextRepeatOn!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) escalatedOn!: string | null;
  @ApiProperty({ type: AcknowledgedDto, nullable: true }) acknowledged!: AcknowledgedDto | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) resolvedOn!: string | null;
  @ApiProperty({ type: AlertReasonDto, nullable: true }) resolvedReason!: AlertReasonDto | null;
  @ApiProperty({ description: 'the milestone on the dashboard' }) link!: string;
}

export class AcknowledgedAlertDto extends AlertDto {
  @ApiProperty({ description: 'the position reached (X-Min-Position)' }) position!: number;
}

export class AlertPageDto implements AlertPage {
  @ApiProperty({ format: 'date' }) asOf!: string;
  @ApiProperty({ type: String, nullable: true, description: 'null = everything recorded' }) knownAt!:
    string | null;
  @ApiProperty() total!: number;
  @ApiProperty({ type: [AlertDto] }) items!: AlertDto[];
}

class RecipientDto {
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'a mail address, or a robot’s key' }) email!: string;
}

export class DeliveryDto implements DeliveryView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: OUTBOX_CHANNELS }) channel!: DeliveryView['channel'];
  @ApiProperty() messageId!: string;
  @ApiProperty() runId!: string;
  @ApiProperty() runKind!: string;
  @ApiProperty({ format: 'date' }) asOf!: string;
  @ApiProperty({ type: RecipientDto }) recipient!: RecipientDto;
  @ApiProperty() subject!: string;
  @ApiProperty({ type: [String] }) alertIds!: string[];
  @ApiProperty(DELIVERY_STATE) state!: DeliveryView['state'];
  @ApiProperty() attempts!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) nextAttemptAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) lastError!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) sentAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deadAt!: string | null;
}

export class DeliveryPageDto implements DeliveryPage {
  @ApiProperty() total!: number;
  @ApiProperty({ type: [DeliveryDto] }) items!: DeliveryDto[];
}

export class ContactViewDto implements Contact {
  @ApiProperty({ enum: CONTACT_SCOPES }) scope!: Contact['scope'];
  @ApiProperty({ type: String, nullable: true, description: 'for `unit` contacts: the unit id' })
  unitId!: string | null;
  @ApiProperty() name!: string;
  @ApiProperty() email!: string;
}

export class RobotViewDto implements RobotView {
  @ApiProperty(ROBOT_KIND) kind!: RobotView['kind'];
  @ApiProperty({
    description:
      'the robot’s key (`<kind>:<hash of its webhook>`): a delivery’s recipient and the logs name it so; no token',
    example: 'dingtalk:0123456789abcdef0123456789abcdef',
  })
  key!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'the webhook, its token masked; null when `unreadable` (never the stored ciphertext)',
  })
  url!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'masked' }) secret!: string | null;
  @ApiProperty({
    description:
      'true when the stored webhook cannot be decrypted (SECRETS_KEY changed or lost): `url` and `secret` are ' +
      'null, each delivery to it fails; enter the unit’s robots again',
  })
  unreadable!: boolean;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'what to do, in Chinese, when `unreadable` (…请重新填写该单位的机器人); null otherwise',
  })
  hint!: string | null;
}

export class ScanResultDto implements ScanResult {
  @ApiProperty({ format: 'date' }) asOf!: string;
  @ApiProperty() milestones!: number;
  @ApiProperty() raised!: number;
  @ApiProperty() repeated!: number;
  @ApiProperty() escalated!: number;
  @ApiProperty() resolved!: number;
  @ApiProperty({ type: [String], description: 'alert ids raised by this scan' }) raisedIds!: string[];
  @ApiProperty({ type: String, nullable: true, description: 'the notifier’s run, null when nothing to tell' })
  runId!: string | null;
  @ApiProperty({ description: 'the position reached (X-Min-Position)' }) position!: number;
}
