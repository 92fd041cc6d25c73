import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { projectRoot } from '@app/platform';
import { parseSecretKey, secretKeyOf } from './secret-box';
import { PLACEHOLDER_KEY, robotSecretBox } from './secret-key-file';

const COMPOSE = path.join(projectRoot(), 'docker-compose.yml');

describe('robotSecretBox: the placeholder SECRETS_KEY of docker-compose.yml', () => {
  const warned = (secretsKey: ReturnType<typeof secretKeyOf>): string[] => {
    const lines: string[] = [];
    const log = { log: () => undefined, warn: (m: string) => void lines.push(m) };
    const box = robotSecretBox(os.tmpdir(), { secretsKey, secretsKeysPrevious: [] }, log);
    expect(box.current.id).toBe(secretsKey.id);
    return lines;
  };

  it('is the one docker-compose.yml falls back to', () => {
    const text = /SECRETS_KEY:-([A-Za-z0-9+/=]+)\}/.exec(fs.readFileSync(COMPOSE, 'utf8'))?.[1];
    expect(parseSecretKey(text ?? '')?.id).toBe(PLACEHOLDER_KEY.id);
  });

  it('as the current key: one warning naming its id, never its text; any other key: none', () => {
    const lines = warned(parseSecretKey('bG9jYWwtcGxhY2Vob2xkZXIta2V5LWNoYW5nZS1tZSE=')!);
    expect(lines).toEqual([expect.stringContaining(`public placeholder (key id ${PLACEHOLDER_KEY.id})`)]);
    expect(lines[0]).not.toContain('bG9jYWwt');
    expect(warned(secretKeyOf(randomBytes(32)))).toEqual([]);
  });
});
