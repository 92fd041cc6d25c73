import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AppError } from '@app/platform';

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

/** Creates `file` with `content` unless it exists, atomically (no reader ever sees it half-written). */
function createOnce(file: string, content: string, mode: number): void {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(tmp, content, { mode, flag: 'wx' });
  try {
    fs.linkSync(tmp, file); // fails with EEXIST when another process created it first
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    fs.unlinkSync(tmp);
  }
}

/**
 * The signing key of checkpoints: an Ed25519 key pair under `DATA_DIR/keys`, created on first use (private
 * key 0600 in a 0700 directory; public key 0644). Processes sharing the DATA_DIR share the key.
 */
export function loadOrCreateSigningKey(dataDir: string): KeyObject {
  const files = checkpointKeyFiles(dataDir);
  if (!fs.existsSync(files.privateKey)) {
    fs.mkdirSync(files.dir, { recursive: true, mode: 0o700 });
    const { privateKey } = generateKeyPairSync('ed25519');
    createOnce(files.privateKey, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 0o600);
  }
  const key = createPrivateKey(fs.readFileSync(files.privateKey, 'utf8'));
  if (!fs.existsSync(files.publicKey)) {
    createOnce(
      files.publicKey,
      createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString(),
      0o644,
    );
  }
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
