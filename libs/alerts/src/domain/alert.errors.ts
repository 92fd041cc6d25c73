import { AppError, type ErrorKind } from '@app/platform';

/** Every error the alerts capability raises on purpose (problem+json through the HTTP filter). */
export const ALERT_ERRORS = {
  AS_OF_INVALID: {
    kind: 'validation',
    en: 'asOf must be a calendar date YYYY-MM-DD',
    zh: 'asOf 必须是日期（YYYY-MM-DD）',
    field: 'asOf',
  },
  AS_OF_IN_FUTURE: {
    kind: 'unprocessable',
    en: 'asOf must not be after today (in the plan time zone)',
    zh: '扫描日期不能晚于今天',
    field: 'asOf',
  },
  ALERT_NOT_FOUND: { kind: 'not_found', en: 'No such alert', zh: '未找到该预警', field: 'id' },
  ALERT_ALREADY_RESOLVED: {
    kind: 'conflict',
    en: 'The alert is already resolved',
    zh: '该预警已解除，无需确认',
    field: 'id',
  },
  ALERT_ALREADY_ACKNOWLEDGED: {
    kind: 'conflict',
    en: 'The alert was already acknowledged',
    zh: '该预警已被确认',
    field: 'id',
  },
  ALERT_NOT_RESPONSIBLE: {
    kind: 'forbidden',
    en: 'Your unit is not responsible for this milestone',
    zh: '本单位不是该里程碑的责任单位，无权确认此预警',
    field: 'id',
  },
  UNIT_NOT_FOUND: { kind: 'not_found', en: 'No such unit', zh: '未找到该责任单位', field: 'id' },
  CONTACT_GROUP_UNKNOWN: {
    kind: 'not_found',
    en: 'Contact group must be supervising-office or escalation',
    zh: '联系人分组只能是 supervising-office 或 escalation',
    field: 'group',
  },
  CONTACT_EMAIL_DUPLICATE: {
    kind: 'validation',
    en: 'The same e-mail address is listed twice',
    zh: '联系人邮箱重复',
    field: 'contacts',
  },
  ROBOT_URL_INVALID: {
    kind: 'validation',
    en: 'A robot webhook must be an https URL of its kind (DingTalk …/robot/send?access_token=…, WeCom …/cgi-bin/webhook/send?key=…); http only to this machine (loopback)',
    zh: '群机器人地址无效：须为 https 地址（钉钉 …/robot/send?access_token=…，企业微信 …/cgi-bin/webhook/send?key=…），http 仅限本机测试地址',
    field: 'robots',
  },
  ROBOT_SECRET_INVALID: {
    kind: 'validation',
    en: 'Only a DingTalk robot takes a signing secret (加签), of 1–200 visible ASCII characters',
    zh: '只有钉钉机器人可填写加签密钥，且须为 1–200 个可见 ASCII 字符',
    field: 'robots',
  },
  ROBOT_DUPLICATE: {
    kind: 'validation',
    en: 'The same robot is listed twice (the same webhook, or the same key)',
    zh: '同一个群机器人列了两次（webhook 地址或 key 重复）',
    field: 'robots',
  },
  ROBOT_KEY_UNKNOWN: {
    kind: 'validation',
    en: 'This unit has no stored robot with this key (list the unit’s robots again for their keys)',
    zh: '该单位没有这个已保存的机器人（key 不存在，可能已被删除）：请刷新后重试',
    field: 'robots',
  },
  ROBOT_KEY_WITH_WEBHOOK: {
    kind: 'validation',
    en: 'An entry keeps a stored robot by its key alone, or gives a webhook (kind, url, secret): not both',
    zh: '同一项不能既保留已保存的机器人（key）又填写 webhook 地址或加签密钥',
    field: 'robots',
  },
  LIST_CHANGED: {
    kind: 'precondition_failed',
    en: 'The list was changed by someone else since you loaded it (If-Match); load it again, then save',
    zh: '该名单已被他人修改，请刷新后再保存',
    field: 'If-Match',
  },
  DELIVERY_NOT_FOUND: { kind: 'not_found', en: 'No such delivery', zh: '未找到该邮件投递记录', field: 'id' },
  DELIVERY_NOT_DEAD: {
    kind: 'conflict',
    en: 'Only a dead-lettered delivery can be retried',
    zh: '只有投递失败（死信）的邮件可以重新投递',
    field: 'id',
  },
} as const satisfies Record<string, { kind: ErrorKind; en: string; zh: string; field: string }>;

export type AlertErrorCode = keyof typeof ALERT_ERRORS;

export class AlertError extends AppError {
  constructor(code: AlertErrorCode, details?: Record<string, unknown>, field?: string) {
    const c = ALERT_ERRORS[code];
    super({
      kind: c.kind,
      code,
      message: c.en,
      messageZh: c.zh,
      field: field ?? c.field,
      ...(details ? { details } : {}),
    });
    this.name = 'AlertError';
  }
}
