import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import * as path from 'node:path';
import { AppError, createFileOnce } from '@app/platform';

export const PRIVATE_KEY_FILE = 'checkpoint-ed25519.key';
export const PUBLIC_KEY_FILE = 'checkpoint-ed25519.pub';

export interface CheckpointKeyFiles {
  readonly dir: string;
  readonly privateKey: string;
  readonly publicKey: string;
}

/** The key files under `DATA_DIR/keys`. */
export function checkpointKeyFiles(dataDir: string): CheckpointKeyFiles {
  const dir = path.join(dataDir, 'keys');
  return { dir, privateKey: path.join(dir, PRIVATE_KEY_FILE), publicKey: path.join(dir, PUBLIC_KEY_FILE) };
}

/**
 * The signing key of checkpoints: an Ed25519 key pair under `DATA_DIR/keys`, created on first use (private
 * key 0600 in a 0700 directory; public key 0644). Processes sharing the DATA_DIR share the key (`createFileOnce`).
 */
export function loadOrCreateSigningKey(dataDir: string): KeyObject {
  const files = checkpointKeyFiles(dataDir);
  const privatePem = createFileOnce(
    files.privateKey,
    () => generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    { mode: 0o600, dirMode: 0o700 },
  ).content;
  const key = createPrivateKey(privatePem);
  createFileOnce(
    files.publicKey,
    () => createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString(),
    { mode: 0o644, dirMode: 0o700 },
  );
  return key;
}

/** A public key from PEM text (SubjectPublicKeyInfo), e.g. an exported `checkpoint-ed25519.pub`. */
export function readPublicKey(pem: string, source: string): KeyObject {
  try {
    const key = createPublicKey(pem);
    if (key.asymmetricKeyType === 'ed25519') return key;
  } catch {
    // fall through
  }
  throw new AppError({
    kind: 'validation',
    code: 'INVALID_PUBLIC_KEY',
    message: `${source} is not an Ed25519 public key (PEM)`,
    messageZh: `${source} 不是 Ed25519 公钥（PEM 格式）`,
    field: 'publicKey',
  });
}
