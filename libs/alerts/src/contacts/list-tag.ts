import { createHash } from 'node:crypto';
import type { Contact } from '../domain/recipients';
import type { RobotView } from '../robots/robots.service';
import { AlertError } from '../domain/alert.errors';

/** An opaque tag of a list's rows (sha256, base64url, 22 characters): equal rows in the same order, equal tags. */
const tagOf = (rows: readonly (readonly unknown[])[]): string =>
  createHash('sha256').update(JSON.stringify(rows)).digest('base64url').slice(0, 22);

/** The tag (the HTTP `ETag`, unquoted) of a contact list as the API shows it: names and addresses in order. */
export const contactsTag = (list: readonly Contact[]): string => tagOf(list.map((c) => [c.name, c.email]));

/**
 * What a robot's view does not show but its tag must follow: a fingerprint of its secret (the key names the URL
 * only, and every DingTalk secret is masked alike as `SEC****`), so that a new secret is a change of the list.
 */
const secretPrints = new WeakMap<RobotView, string>();

/** Registers the fingerprint of `secret` (plain text: high-entropy by DingTalk's making) for `view`'s tag. */
export function withSecretPrint(view: RobotView, secret: string | null): RobotView {
  if (secret !== null) secretPrints.set(view, createHash('sha256').update(secret).digest('base64url'));
  return view;
}

/**
 * The tag of a robot list: what the API shows of each robot (kind, key, masked URL and secret, unreadable) and its
 * secret's fingerprint. Re-sealing under a new key changes none of it, so not the tag either.
 */
export const robotsTag = (list: readonly RobotView[]): string =>
  tagOf(list.map((r) => [r.kind, r.key, r.url, r.secret, r.unreadable, secretPrints.get(r) ?? null]));

/**
 * The optimistic check of a list's PUT, inside its write lock: `ifMatch` (the tag the editor loaded; `*` or
 * absent: any) must be the current list's tag, unless the write would leave the list as it is anyway (a retry of
 * a PUT that went through, or the same change made twice): then nobody's change is lost.
 */
export function checkListTag(ifMatch: string | undefined, current: string, after: string): void {
  if (ifMatch === undefined || ifMatch === '*' || ifMatch === current || after === current) return;
  throw new AlertError('LIST_CHANGED', { current }, 'If-Match');
}
