import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Logger } from '@nestjs/common';
import { ConfigError, createFileOnce } from '@app/platform';
import { parseSecretKey, SECRET_KEY_BYTES, SecretBox, type SecretKey } from './secret-box';

/** The key file of the embedded default: `DATA_DIR/keys/secrets.key`, beside the checkpoint signing key. */
export function secretsKeyFile(dataDir: string): string {
  return path.join(dataDir, 'keys', 'secrets.key');
}

/**
 * The box of the robots' credentials: SECRETS_KEY when set; otherwise (the embedded default: the config refuses an
 * external DATABASE_URL without SECRETS_KEY) the key in `DATA_DIR/keys/secrets.key`, generated once (mode 0600, in
 * a 0700 directory) when absent, by `createFileOnce`: a second process starting at the same time reads the same key.
 */
export function robotSecretBox(
  dataDir: string,
  keys: { readonly secretsKey: SecretKey | undefined; readonly secretsKeysPrevious: readonly SecretKey[] },
  log: Pick<Logger, 'log' | 'warn'>,
): SecretBox {
  if (keys.secretsKey?.id === PLACEHOLDER_KEY.id) {
    log.warn(
      `SECRETS_KEY is docker-compose.yml's public placeholder (key id ${PLACEHOLDER_KEY.id}): anyone can decrypt ` +
        "the robots' webhooks; set SECRETS_KEY to `openssl rand -base64 32` (the old one in SECRETS_KEY_PREVIOUS)",
    );
  }
  return new SecretBox(keys.secretsKey ?? keyFromFile(dataDir, log), keys.secretsKeysPrevious);
}

/** docker-compose.yml's fallback SECRETS_KEY: published, so it protects nothing (known by its id only). */
export const PLACEHOLDER_KEY = parseSecretKey('bG9jYWwtcGxhY2Vob2xkZXIta2V5LWNoYW5nZS1tZSE=')!;

function keyFromFile(dataDir: string, log: Pick<Logger, 'log' | 'warn'>): SecretKey {
  const file = secretsKeyFile(dataDir);
  const { content, created } = createFileOnce(
    file,
    () => `${randomBytes(SECRET_KEY_BYTES).toString('base64')}\n`,
    { mode: 0o600, dirMode: 0o700 },
  );
  if (created) log.log(`generated the secrets key ${file} (mode 0600): back it up with the database`);
  const key = parseSecretKey(content);
  if (key === undefined) {
    throw new ConfigError([
      `${file}: not a secrets key (the base64 of 32 bytes); restore it or set SECRETS_KEY`,
    ]);
  }
  if ((fs.statSync(file).mode & 0o077) !== 0) log.warn(`${file} is readable by others: chmod 600 it`);
  return key;
}
