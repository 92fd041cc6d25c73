import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  parseCheckpoint,
  signatureProblem,
  signCheckpoint,
  signedText,
  type SignedCheckpoint,
} from './checkpoint';
import { checkpointKeyFiles, loadOrCreateSigningKey, readPublicKey } from './checkpoint-keys';

const CLAIMS = {
  position: 42,
  headHash: 'ab'.repeat(32),
  headRecordedAt: '2026-12-01T08:00:00.123Z',
  createdAt: '2026-12-01T09:00:00.000Z',
};

describe('signed checkpoints', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');

  it('signs the documented text, which any Ed25519 verifier accepts with the public key', () => {
    const c = signCheckpoint(CLAIMS, privateKey);
    expect(c).toMatchObject({ format: 'progress-monitor.checkpoint/1', algorithm: 'ed25519', ...CLAIMS });
    expect(signedText(c)).toBe(
      [
        'progress-monitor.checkpoint/1',
        'position=42',
        `headHash=${'ab'.repeat(32)}`,
        'headRecordedAt=2026-12-01T08:00:00.123Z',
        'createdAt=2026-12-01T09:00:00.000Z',
        `keyFingerprint=${c.keyFingerprint}`,
      ].join('\n'),
    );
    expect(verify(null, Buffer.from(signedText(c)), publicKey, Buffer.from(c.signature, 'base64'))).toBe(
      true,
    );
    expect(signatureProblem(parseCheckpoint(JSON.stringify(c)), publicKey)).toBeUndefined();
  });

  it('refuses a checkpoint whose position or hash was changed after signing', () => {
    const c = signCheckpoint(CLAIMS, privateKey);
    const moved: SignedCheckpoint = { ...c, position: 41 };
    expect(signatureProblem(moved, publicKey)).toMatch(/signature does not match/);
    expect(signatureProblem({ ...c, headHash: 'cd'.repeat(32) }, publicKey)).toMatch(
      /signature does not match/,
    );
  });

  it('refuses a checkpoint signed with another key, naming both fingerprints', () => {
    const forger = generateKeyPairSync('ed25519');
    const forged = signCheckpoint(CLAIMS, forger.privateKey);
    expect(signatureProblem(forged, publicKey)).toMatch(
      /names key sha256:[0-9a-f]{64}, the public key given is sha256:/,
    );
    // Claiming the real key's fingerprint does not help the forger: the signature fails.
    const claimed = { ...forged, keyFingerprint: signCheckpoint(CLAIMS, privateKey).keyFingerprint };
    expect(signatureProblem(claimed, publicKey)).toMatch(/signature does not match/);
  });

  it.each([
    ['not json', 'not JSON'],
    ['[]', 'not a JSON object'],
    ['{"format":"x"}', '"format"'],
  ])('refuses %s as a checkpoint', (text, why) => {
    expect(() => parseCheckpoint(text)).toThrow(why);
  });

  it('names the field that is wrong', () => {
    const c = signCheckpoint(CLAIMS, privateKey);
    expect(() => parseCheckpoint(JSON.stringify({ ...c, position: -1 }))).toThrow('"position" must be');
    expect(() => parseCheckpoint(JSON.stringify({ ...c, headHash: 'xyz' }))).toThrow('"headHash" must be');
    expect(() => parseCheckpoint(JSON.stringify({ ...c, signature: 5 }))).toThrow('"signature" must be');
  });
});

describe('checkpoint keys under DATA_DIR', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pm-keys-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('creates the key pair once (private key 0600), then reuses it', () => {
    const first = loadOrCreateSigningKey(dir);
    const files = checkpointKeyFiles(dir);
    expect(fs.statSync(files.privateKey).mode & 0o777).toBe(0o600);
    expect(fs.statSync(files.dir).mode & 0o777).toBe(0o700);
    const pub = readPublicKey(fs.readFileSync(files.publicKey, 'utf8'), 'the public key');
    expect(pub.export({ type: 'spki', format: 'pem' })).toEqual(
      createPublicKey(first).export({ type: 'spki', format: 'pem' }),
    );
    const again = loadOrCreateSigningKey(dir);
    expect(again.export({ type: 'pkcs8', format: 'pem' })).toEqual(
      first.export({ type: 'pkcs8', format: 'pem' }),
    );
    expect(fs.readdirSync(files.dir).sort()).toEqual(['checkpoint-ed25519.key', 'checkpoint-ed25519.pub']);
  });

  it('refuses a file that is not an Ed25519 public key', () => {
    expect(() =>
      readPublicKey('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n', 'k.pub'),
    ).toThrow('k.pub is not an Ed25519 public key');
  });
});
