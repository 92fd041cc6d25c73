import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** A 256-bit key and its id: the first 8 hex of a sha-256 over it (names the key in a stored value, reveals nothing). */
export interface SecretKey {
  readonly id: string;
  readonly bytes: Buffer;
}

export const SECRET_KEY_BYTES = 32;
const PREFIX = 'enc:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export function secretKeyOf(bytes: Buffer): SecretKey {
  const id = createHash('sha256').update('progress-monitor secrets key id\n').update(bytes).digest('hex');
  return { id: id.slice(0, 8), bytes };
}

/** The key a setting or the key file holds: base64 (or base64url) of exactly 32 bytes; `undefined` otherwise. */
export function parseSecretKey(text: string): SecretKey | undefined {
  const t = text.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(t)) return undefined;
  const bytes = Buffer.from(t, t.includes('-') || t.includes('_') ? 'base64url' : 'base64');
  return bytes.length === SECRET_KEY_BYTES ? secretKeyOf(bytes) : undefined;
}

/** What a stored value is: encrypted under the current key, under a previous one, under none known, or plain text. */
export type SealState = 'current' | 'previous' | 'unknown-key' | 'plain';

/** A stored value that cannot be read: its key is unknown, or it was altered. Never carries the value. */
export class SecretUnreadable extends Error {
  constructor(readonly reason: 'unknown-key' | 'tampered' | 'malformed') {
    super(`stored secret unreadable (${reason})`);
    this.name = 'SecretUnreadable';
  }
}

/**
 * AES-256-GCM for values kept at rest: `enc:v1:<key id>:<base64 of iv (12) | tag (16) | ciphertext>`, a random
 * IV per value. `context` (e.g. `alert_robots.url`) is authenticated too, so a value moved to another column
 * does not open. Opens values under the current key or a previous one (rotation); a value without the prefix
 * is plain text from before encryption and is returned as it is (`state` says so, so it can be rewritten).
 */
export class SecretBox {
  private readonly keys: ReadonlyMap<string, SecretKey>;

  constructor(
    readonly current: SecretKey,
    readonly previous: readonly SecretKey[] = [],
  ) {
    this.keys = new Map([...previous, current].map((k) => [k.id, k]));
  }

  seal(plain: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current.bytes, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const packed = Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
    return `${PREFIX}${this.current.id}:${packed}`;
  }

  open(stored: string, context: string): string {
    if (!stored.startsWith('enc:')) return stored;
    const m = /^enc:v1:([0-9a-f]{8}):([A-Za-z0-9+/]+={0,2})$/.exec(stored);
    if (!m) throw new SecretUnreadable('malformed');
    const key = this.keys.get(m[1]!);
    if (!key) throw new SecretUnreadable('unknown-key');
    const raw = Buffer.from(m[2]!, 'base64');
    if (raw.length < IV_BYTES + TAG_BYTES) throw new SecretUnreadable('malformed');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key.bytes, raw.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
        'utf8',
      );
    } catch {
      throw new SecretUnreadable('tampered');
    }
  }

  state(stored: string): SealState {
    if (!stored.startsWith('enc:')) return 'plain';
    const id = /^enc:v1:([0-9a-f]{8}):/.exec(stored)?.[1];
    if (id === this.current.id) return 'current';
    return id !== undefined && this.keys.has(id) ? 'previous' : 'unknown-key';
  }
}
