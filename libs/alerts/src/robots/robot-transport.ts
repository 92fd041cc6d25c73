import { createHmac } from 'node:crypto';
import type { RobotKind, RobotWebhook } from './robot-webhook';

/** DingTalk 加签: base64(HMAC-SHA256(key = secret, message = `${timestamp}\n${secret}`)), before URL-encoding. */
export function dingtalkSign(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
}

/** The URL a message is posted to: DingTalk with a secret gets `&timestamp=<ms>&sign=<urlencoded sign>`. */
export function signedUrl(w: RobotWebhook, timestampMs: number): string {
  if (w.kind !== 'dingtalk' || w.secret === null) return w.url;
  const u = new URL(w.url);
  u.searchParams.set('timestamp', String(timestampMs));
  u.searchParams.set('sign', dingtalkSign(w.secret, timestampMs));
  return u.toString();
}

/** The documented markdown message of each kind. */
export function robotPayload(kind: RobotKind, message: { title: string; text: string }): unknown {
  switch (kind) {
    case 'dingtalk':
      return { msgtype: 'markdown', markdown: { title: message.title, text: message.text } };
    case 'wecom':
      return { msgtype: 'markdown', markdown: { content: message.text } };
  }
}

export type RobotOutcome =
  | { readonly ok: true }
  /** `rateLimited`: the robot asked us to slow down (DingTalk 130101, WeCom 45009): try later, not a strike. */
  | { readonly ok: false; readonly rateLimited: boolean; readonly error: string };

/** Errcodes that mean "too many messages for now". */
const RATE_LIMITED: readonly number[] = [130101, 45009];

/**
 * What the robot said. Both answer HTTP 200 with `{"errcode":0,"errmsg":"ok"}` when they took the message and
 * HTTP 200 with another errcode when they did not (bad signature 310000, unknown key 93000, …): only errcode 0
 * is a delivery.
 */
export function judgeRobotAnswer(status: number, body: string): RobotOutcome {
  if (status < 200 || status > 299) {
    return { ok: false, rateLimited: status === 429, error: `HTTP ${status}: ${body.slice(0, 200)}` };
  }
  let answer: { errcode?: unknown; errmsg?: unknown };
  try {
    answer = JSON.parse(body) as { errcode?: unknown; errmsg?: unknown };
  } catch {
    return { ok: false, rateLimited: false, error: `HTTP ${status}, not JSON: ${body.slice(0, 200)}` };
  }
  if (answer?.errcode === 0) return { ok: true };
  const code = typeof answer?.errcode === 'number' ? answer.errcode : NaN;
  return {
    ok: false,
    rateLimited: RATE_LIMITED.includes(code),
    error: `errcode ${String(answer?.errcode)}: ${(typeof answer?.errmsg === 'string' ? answer.errmsg : '').slice(0, 200)}`,
  };
}

/**
 * Posts one message (node's fetch, a timeout, no redirects followed). The timestamp DingTalk signs is the wall
 * clock's, not the service's (possibly simulated) clock: the robot checks it against its own (±1 hour).
 */
export async function postToRobot(
  w: RobotWebhook,
  message: { title: string; text: string },
  timeoutMs: number,
  nowMs: number = Date.now(),
): Promise<RobotOutcome> {
  let outcome: RobotOutcome;
  try {
    const res = await fetch(signedUrl(w, nowMs), {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(robotPayload(w.kind, message)),
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
    // Cleaned whole before the answer is cut short: a cut through a token would leave a part of it.
    outcome = judgeRobotAnswer(res.status, withoutCredentials(await res.text(), w, nowMs));
  } catch (e) {
    const cause = e instanceof Error && e.cause instanceof Error ? ` (${e.cause.message})` : '';
    outcome = {
      ok: false,
      rateLimited: false,
      error: `${e instanceof Error ? e.message : String(e)}${cause}`,
    };
  }
  // An answer may quote the request too (a proxy's error page echoing the URL): every failure text is cleaned.
  return outcome.ok ? outcome : { ...outcome, error: withoutCredentials(outcome.error, w, nowMs) };
}

/** A credential's query parameter (DingTalk's sign and access_token, WeCom's key) and its value, as is or URL-encoded. */
const CREDENTIAL_PARAM = /([?&](?:sign|access_token|key)=)[\w%+/=.~-]+/g;

/**
 * A failure's text as it is logged and kept (`last_error`, shown by the API): the robot's token or key, the secret
 * and DingTalk's `sign` (derived from the secret, valid about an hour) replaced by `****`, should the error quote
 * the URL it was posting to: every `sign=`, `access_token=` and `key=` parameter (a part of one too), and the sign of `timestampMs` wherever it stands (as is or
 * URL-encoded). `timestamp=` stays (it is no secret). A stored URL that does not parse (its parameters unknown) is
 * replaced whole. Never throws: it runs in postToRobot's catch.
 */
export function withoutCredentials(text: string, w: RobotWebhook, timestampMs?: number): string {
  const secret = w.secret === null ? [] : [w.secret];
  const sign = w.secret === null || timestampMs === undefined ? [] : [dingtalkSign(w.secret, timestampMs)];
  let credentials: string[];
  try {
    credentials = [...new URL(w.url).searchParams.values(), ...secret];
  } catch {
    credentials = [w.url, ...secret];
  }
  credentials.push(...sign, ...sign.map(encodeURIComponent));
  return credentials
    .filter((c) => c.length > 0)
    .reduce((t, c) => t.split(c).join('****'), text)
    .replace(CREDENTIAL_PARAM, '$1****');
}
