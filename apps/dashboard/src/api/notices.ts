/**
 * Who gets the alert notices (通知设置): a unit's mail recipients and group robots, the supervising office's and the
 * escalation contacts, and the outbox (发送情况). Reading needs a supervisor, writing an admin (the API's guards).
 */
import { getJson, request } from './client';
import type { components } from './openapi';

type Schemas = components['schemas'];

/** A mail recipient as the API lists it. */
export type Contact = Schemas['ContactViewDto'];
/** A recipient as PUT sends it (the list replaces the old one). */
export type ContactInput = Schemas['ContactDto'];
/** A unit's 钉钉 / 企业微信 group robot: token and secret masked; `unreadable` with a Chinese `hint`. */
export type Robot = Schemas['RobotViewDto'];
export type RobotInput = Schemas['RobotDto'];
export type RobotKind = Schemas['RobotKind'];
/** One mail or robot message in the outbox. */
export type Delivery = Schemas['DeliveryDto'];
export type DeliveryPage = Schemas['DeliveryPageDto'];
export type DeliveryState = Schemas['DeliveryState'];

/** The contact groups that are not units, as the API's path names them. */
export type ContactGroup = 'supervising-office' | 'escalation';

export const CONTACT_GROUP_ZH: Readonly<Record<ContactGroup, string>> = {
  'supervising-office': '督查室',
  escalation: '升级通知对象',
};

export const ROBOT_KIND_ZH: Readonly<Record<RobotKind, string>> = {
  dingtalk: '钉钉',
  wecom: '企业微信',
};

export const CHANNEL_ZH: Readonly<Record<Delivery['channel'], string>> = {
  mail: '邮件',
  dingtalk: '钉钉',
  wecom: '企业微信',
};

/** The outbox's states in the order the page lists them: dead letters first. */
export const DELIVERY_STATE_ZH: Readonly<Record<DeliveryState, string>> = {
  dead: '投递失败（死信）',
  pending: '待发送',
  sent: '已发送',
};
export const DELIVERY_ORDER: readonly DeliveryState[] = ['dead', 'pending', 'sent'];

const enc = encodeURIComponent;

/**
 * A list with the `ETag` it came with: saving sends it back as `If-Match`, so a list someone else changed since
 * is not overwritten (412 LIST_CHANGED).
 */
export interface TaggedList<T> {
  readonly list: T[];
  readonly etag: string | null;
}

async function tagged<T>(res: Response): Promise<TaggedList<T>> {
  return { list: (await res.json()) as T[], etag: res.headers.get('etag') };
}
const get = async <T>(path: string): Promise<TaggedList<T>> => tagged<T>(await request(path));
const put = async <T>(path: string, body: unknown, etag: string | null): Promise<TaggedList<T>> =>
  tagged<T>(await request(path, { method: 'PUT', body, ...(etag ? { headers: { 'if-match': etag } } : {}) }));

export const unitContacts = (unit: string): Promise<TaggedList<Contact>> =>
  get<Contact>(`/api/v1/units/${enc(unit)}/contacts`);
export const saveUnitContacts = (unit: string, contacts: ContactInput[], etag: string | null) =>
  put<Contact>(`/api/v1/units/${enc(unit)}/contacts`, { contacts }, etag);

export const unitRobots = (unit: string): Promise<TaggedList<Robot>> =>
  get<Robot>(`/api/v1/units/${enc(unit)}/robots`);
export const saveUnitRobots = (unit: string, robots: RobotInput[], etag: string | null) =>
  put<Robot>(`/api/v1/units/${enc(unit)}/robots`, { robots }, etag);

export const groupContacts = (group: ContactGroup): Promise<TaggedList<Contact>> =>
  get<Contact>(`/api/v1/alerts/contacts/${group}`);
export const saveGroupContacts = (group: ContactGroup, contacts: ContactInput[], etag: string | null) =>
  put<Contact>(`/api/v1/alerts/contacts/${group}`, { contacts }, etag);

export const deliveries = (state: DeliveryState, limit: number): Promise<DeliveryPage> =>
  getJson<DeliveryPage>('/api/v1/alerts/deliveries', { query: { state, limit } });
/** Puts a dead letter back in the outbox (admin). */
export const retryDelivery = async (id: string): Promise<Delivery> =>
  (
    await request(`/api/v1/alerts/deliveries/${enc(id)}/retry`, { method: 'POST' })
  ).json() as Promise<Delivery>;
