import { createHash, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import { AppError } from '@app/platform';

export const CHECKPOINT_FORMAT = 'progress-monitor.checkpoint/1';

/** What a checkpoint vouches for: the chain's head at a position, signed with the store's key. */
export interface CheckpointClaims {
  /** The last event's position (0 = the empty store). */
  readonly position: number;
  /** That event's hash (the genesis hash for position 0). */
  readonly headHash: string;
  /** When that event was recorded (ISO 8601); null for the empty store. */
  readonly headRecordedAt: string | null;
  /** When the checkpoint was made (ISO 8601). */
  readonly createdAt: string;
  /** `sha256:<hex>` of the public key (DER, SubjectPublicKeyInfo). */
  readonly keyFingerprint: string;
}

/** A signed checkpoint, as exported (JSON). */
export interface SignedCheckpoint extends CheckpointClaims {
  readonly format: typeof CHECKPOINT_FORMAT;
  readonly algorithm: 'ed25519';
  /** Ed25519 signature (base64) of `signedText(claims)`. */
  readonly signature: string;
}

/**
 * The exact bytes that are signed (UTF-8), one `name=value` line each in this order; anyone can check a
 * checkpoint with the public key and any Ed25519 tool.
 */
export function signedText(c: CheckpointClaims): string {
  return [
    CHECKPOINT_FORMAT,
    `position=${c.position}`,
    `headHash=${c.headHash}`,
    `headRecordedAt=${c.headRecordedAt ?? ''}`,
    `createdAt=${c.createdAt}`,
    `keyFingerprint=${c.keyFingerprint}`,
  ].join('\n');
}

export function keyFingerprint(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return `sha256:${createHash('sha256').update(der).digest('hex')}`;
}

export function signCheckpoint(
  claims: Omit<CheckpointClaims, 'keyFingerprint'>,
  privateKey: KeyObject,
): SignedCheckpoint {
  const full: CheckpointClaims = { ...claims, keyFingerprint: keyFingerprint(createPublicKey(privateKey)) };
  const signature = sign(null, Buffer.from(signedText(full), 'utf8'), privateKey).toString('base64');
  return { format: CHECKPOINT_FORMAT, algorithm: 'ed25519', ...full, signature };
}

/** Why a signature does not hold, or undefined when it does. */
export function signatureProblem(c: SignedCheckpoint, publicKey: KeyObject): string | undefined {
  const fingerprint = keyFingerprint(publicKey);
  if (fingerprint !== c.keyFingerprint)
    return `the checkpoint names key ${c.keyFingerprint}, the public key given is ${fingerprint}`;
  const ok = verify(null, Buffer.from(signedText(c), 'utf8'), publicKey, Buffer.from(c.signature, 'base64'));
  return ok ? undefined : 'the signature does not match the checkpoint (forged or altered)';
}

export class InvalidCheckpointError extends AppError {
  constructor(detail: string) {
    super({
      kind: 'validation',
      code: 'INVALID_CHECKPOINT',
      message: `Not a checkpoint of this service: ${detail}`,
      messageZh: `不是本系统的检查点文件：${detail}`,
      field: 'checkpoint',
    });
  }
}

const HEX64 = /^[0-9a-f]{64}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** Reads a checkpoint from its JSON text; throws InvalidCheckpointError naming what is wrong. */
export function parseCheckpoint(text: string): SignedCheckpoint {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new InvalidCheckpointError('not JSON');
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new InvalidCheckpointError('not a JSON object');
  const o = v as Record<string, unknown>;
  const bad = (field: string, want: string) => new InvalidCheckpointError(`"${field}" must be ${want}`);
  if (o.format !== CHECKPOINT_FORMAT) throw bad('format', `"${CHECKPOINT_FORMAT}"`);
  if (o.algorithm !== 'ed25519') throw bad('algorithm', '"ed25519"');
  if (typeof o.position !== 'number' || !Number.isSafeInteger(o.position) || o.position < 0)
    throw bad('position', 'a whole number ≥ 0');
  if (typeof o.headHash !== 'string' || !HEX64.test(o.headHash))
    throw bad('headHash', '64 lower-case hex digits');
  if (o.headRecordedAt !== null && (typeof o.headRecordedAt !== 'string' || !ISO.test(o.headRecordedAt)))
    throw bad('headRecordedAt', 'an ISO 8601 UTC instant or null');
  if (typeof o.createdAt !== 'string' || !ISO.test(o.createdAt))
    throw bad('createdAt', 'an ISO 8601 UTC instant');
  if (typeof o.keyFingerprint !== 'string' || !/^sha256:[0-9a-f]{64}$/.test(o.keyFingerprint))
    throw bad('keyFingerprint', '"sha256:" and 64 hex digits');
  if (typeof o.signature !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(o.signature))
    throw bad('signature', 'base64');
  return {
    format: CHECKPOINT_FORMAT,
    algorithm: 'ed25519',
    position: o.position,
    headHash: o.headHash,
    headRecordedAt: o.headRecordedAt,
    createdAt: o.createdAt,
    keyFingerprint: o.keyFingerprint,
    signature: o.signature,
  };
}
