import type { EnvReader } from '@app/platform';
import { parseSecretKey, type SecretKey } from './secret-box';

const HOW = 'the base64 of 32 random bytes (e.g. `openssl rand -base64 32`)';

/**
 * SECRETS_KEY and SECRETS_KEY_PREVIOUS (comma-separated), checked (never echoed). SECRETS_KEY is required with an
 * external DATABASE_URL: every process of the service must share it; only the embedded default (one machine,
 * one DATA_DIR) may go without, and then uses the key file under DATA_DIR (generated once).
 */
export function readSecretKeys(r: EnvReader): {
  secretsKey: SecretKey | undefined;
  secretsKeysPrevious: SecretKey[];
} {
  const raw = r.raw('SECRETS_KEY');
  const secretsKey = raw === undefined ? undefined : parseSecretKey(raw);
  if (raw !== undefined && secretsKey === undefined) r.problems.push(`SECRETS_KEY: must be ${HOW}`);
  if (raw === undefined && r.raw('DATABASE_URL') !== undefined) {
    r.problems.push(
      `SECRETS_KEY: required with an external DATABASE_URL (every API, worker and CLI process must share the key ` +
        `that encrypts the robots' webhooks): set it to ${HOW}`,
    );
  }
  const secretsKeysPrevious: SecretKey[] = [];
  for (const [i, text] of r.list('SECRETS_KEY_PREVIOUS').entries()) {
    const key = parseSecretKey(text);
    if (key === undefined) r.problems.push(`SECRETS_KEY_PREVIOUS: entry ${i + 1} must be ${HOW}`);
    else secretsKeysPrevious.push(key);
  }
  return { secretsKey, secretsKeysPrevious };
}
