import { createHash } from 'node:crypto';
import { AlertError } from '../domain/alert.errors';

/** Group robots a unit's alerts may also go to: 钉钉 (DingTalk) and 企业微信 (WeCom). */
export const ROBOT_KINDS = ['dingtalk', 'wecom'] as const;
export type RobotKind = (typeof ROBOT_KINDS)[number];

export const ROBOT_KIND_LABELS_ZH: { readonly [K in RobotKind]: string } = {
  dingtalk: '钉钉群机器人',
  wecom: '企业微信群机器人',
};

export interface RobotWebhook {
  readonly kind: RobotKind;
  /** The webhook as the robot's settings show it, with its access token (DingTalk) or key (WeCom). */
  readonly url: string;
  /** DingTalk 加签 secret (`SEC…`); never shown back. */
  readonly secret: string | null;
}

/** Where each kind's webhook lives and the query parameter that names the robot. */
const SHAPE: { readonly [K in RobotKind]: { readonly path: string; readonly param: string } } = {
  dingtalk: { path: '/robot/send', param: 'access_token' },
  wecom: { path: '/cgi-bin/webhook/send', param: 'key' },
};

const TOKEN = /^[A-Za-z0-9_-]{1,200}$/;
const SECRET = /^[\x21-\x7e]{1,200}$/;

/** A loopback host: the only one a plain-http webhook may point to (tests, a local relay). */
function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * A webhook as an admin typed it, checked: https (http only to loopback), no credentials in the URL, the
 * documented path and robot parameter of its kind and nothing we add ourselves (timestamp, sign), a secret only
 * for DingTalk. `at` names the entry in the problem (`robots[2].url`).
 */
export function checkRobotWebhook(
  input: { kind: RobotKind; url: string; secret?: string | null },
  at: string,
): RobotWebhook {
  const bad = () => new AlertError('ROBOT_URL_INVALID', { kind: input.kind }, `${at}.url`);
  let u: URL;
  try {
    u = new URL(input.url.trim());
  } catch {
    throw bad();
  }
  const shape = SHAPE[input.kind];
  const secure = u.protocol === 'https:' || (u.protocol === 'http:' && isLoopback(u.hostname));
  const params = [...u.searchParams.keys()];
  if (
    !secure ||
    u.username !== '' ||
    u.password !== '' ||
    u.hash !== '' ||
    !u.pathname.endsWith(shape.path) ||
    params.length !== 1 ||
    params[0] !== shape.param ||
    !TOKEN.test(u.searchParams.get(shape.param) ?? '')
  ) {
    throw bad();
  }
  const secret = input.secret === undefined || input.secret === null ? null : input.secret.trim();
  if (secret !== null && (input.kind !== 'dingtalk' || !SECRET.test(secret))) {
    throw new AlertError('ROBOT_SECRET_INVALID', { kind: input.kind }, `${at}.secret`);
  }
  return { kind: input.kind, url: u.toString(), secret };
}

/**
 * A robot's key in the outbox (`<kind>:<32 hex of sha-256(url)>`): stable for a webhook, names no token. Two
 * units that share a group robot share its key, so one run sends that group one message.
 */
export function robotKey(kind: RobotKind, url: string): string {
  return `${kind}:${createHash('sha256').update(url).digest('hex').slice(0, 32)}`;
}

function maskToken(s: string): string {
  return s.length <= 8 ? '****' : `${s.slice(0, 4)}****${s.slice(-4)}`;
}

/** The webhook as responses show it: the access token or key masked, the secret masked. */
export function maskedRobot(w: RobotWebhook): { kind: RobotKind; url: string; secret: string | null } {
  const u = new URL(w.url);
  const param = SHAPE[w.kind].param;
  const token = u.searchParams.get(param) ?? '';
  u.search = '';
  return {
    kind: w.kind,
    url: `${u.toString()}?${param}=${maskToken(token)}`,
    secret: w.secret === null ? null : w.secret.length > 8 ? `${w.secret.slice(0, 3)}****` : '****',
  };
}
