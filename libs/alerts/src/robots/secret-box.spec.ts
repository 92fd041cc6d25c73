import { randomBytes } from 'node:crypto';
import { parseSecretKey, SecretBox, secretKeyOf, SecretUnreadable } from './secret-box';

const key = () => secretKeyOf(randomBytes(32));
const URL_CTX = 'alert_robots.url';
const PLAIN = 'https://oapi.dingtalk.com/robot/send?access_token=abcdef0123456789';

const unreadable = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    if (e instanceof SecretUnreadable) return e.reason;
    throw e;
  }
  return 'opened';
};

describe('SecretBox (AES-256-GCM at rest)', () => {
  it('round trip: sealed under a versioned prefix naming the key, a fresh IV each time, opened back', () => {
    const box = new SecretBox(key());
    const a = box.seal(PLAIN, URL_CTX);
    const b = box.seal(PLAIN, URL_CTX);
    expect(a).toMatch(new RegExp(`^enc:v1:${box.current.id}:[A-Za-z0-9+/]+=*$`));
    expect(a).not.toBe(b);
    expect(a).not.toContain('abcdef0123456789');
    expect([box.open(a, URL_CTX), box.open(b, URL_CTX)]).toEqual([PLAIN, PLAIN]);
    expect(box.state(a)).toBe('current');
  });

  it('a flipped byte anywhere (IV, tag or ciphertext) is refused as tampered', () => {
    const box = new SecretBox(key());
    const sealed = box.seal(PLAIN, URL_CTX);
    const [head, body] = [
      sealed.slice(0, sealed.lastIndexOf(':') + 1),
      sealed.slice(sealed.lastIndexOf(':') + 1),
    ];
    const raw = Buffer.from(body, 'base64');
    for (const at of [0, 12, 28, raw.length - 1]) {
      const bad = Buffer.from(raw);
      bad[at] = bad[at]! ^ 0x01;
      expect(unreadable(() => box.open(head + bad.toString('base64'), URL_CTX))).toBe('tampered');
    }
  });

  it('bound to its column: a URL moved into the secret column does not open', () => {
    const box = new SecretBox(key());
    expect(unreadable(() => box.open(box.seal(PLAIN, URL_CTX), 'alert_robots.secret'))).toBe('tampered');
  });

  it('a wrong key is refused: unknown key id, or a key of the same id that is not the one (tag fails)', () => {
    const sealed = new SecretBox(key()).seal(PLAIN, URL_CTX);
    const other = new SecretBox(key());
    expect(other.state(sealed)).toBe('unknown-key');
    expect(unreadable(() => other.open(sealed, URL_CTX))).toBe('unknown-key');
    const impostor = new SecretBox({ id: new SecretBox(key()).current.id, bytes: randomBytes(32) });
    const forged = impostor
      .seal(PLAIN, URL_CTX)
      .replace(/^enc:v1:[0-9a-f]{8}:/, `enc:v1:${other.current.id}:`);
    expect(unreadable(() => other.open(forged, URL_CTX))).toBe('tampered');
  });

  it('rotation: a previous key still opens its values and says they are to be rewritten', () => {
    const old = key();
    const sealed = new SecretBox(old).seal(PLAIN, URL_CTX);
    const box = new SecretBox(key(), [old]);
    expect(box.state(sealed)).toBe('previous');
    expect(box.open(sealed, URL_CTX)).toBe(PLAIN);
  });

  it('versioning: plain text from before is returned as is (state plain); an unknown version or a broken value is malformed', () => {
    const box = new SecretBox(key());
    expect([box.open(PLAIN, URL_CTX), box.state(PLAIN)]).toEqual([PLAIN, 'plain']);
    const v2 = box.seal(PLAIN, URL_CTX).replace('enc:v1:', 'enc:v2:');
    expect(unreadable(() => box.open(v2, URL_CTX))).toBe('malformed');
    expect(box.state(v2)).toBe('unknown-key');
    expect(unreadable(() => box.open(`enc:v1:${box.current.id}:AAAA`, URL_CTX))).toBe('malformed');
  });

  it('keys: the base64 (or base64url) of exactly 32 bytes, nothing else', () => {
    const bytes = randomBytes(32);
    expect(parseSecretKey(bytes.toString('base64'))?.bytes).toEqual(bytes);
    expect(parseSecretKey(` ${bytes.toString('base64url')}\n`)?.id).toBe(secretKeyOf(bytes).id);
    for (const bad of [
      '',
      'not a key',
      randomBytes(16).toString('base64'),
      randomBytes(33).toString('base64'),
    ]) {
      expect(parseSecretKey(bad)).toBeUndefined();
    }
  });
});
