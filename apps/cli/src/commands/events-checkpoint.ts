import * as fs from 'node:fs';
import type { KeyObject } from 'node:crypto';
import {
  ChainBrokenError,
  ChainCheckpoints,
  type CheckpointCheck,
  checkpointKeyFiles,
  parseCheckpoint,
  readPublicKey,
  type SignedCheckpoint,
} from '@app/event-store';
import { AppError } from '@app/platform';
import { CliInputError, EXIT, withContext } from '../cli-context';

const progress = (n: number) => {
  if (process.stderr.isTTY) process.stderr.write(`\rverified ${n} events…`);
};
const endProgress = () => {
  if (process.stderr.isTTY) process.stderr.write('\n');
};

function readFileOrFail(file: string, what: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliInputError(
      `cannot read ${what} ${file}: ${(e as Error).message}\n无法读取${what === 'checkpoint' ? '检查点' : '公钥'}文件`,
    );
  }
}

/** `events checkpoint [--out file]`: verifies the chain, signs its head, writes the checkpoint (JSON). */
export async function writeCheckpoint(out: string | undefined): Promise<void> {
  try {
    const { checkpoint, keyFile } = await withContext(async (ctx, config) => ({
      checkpoint: await ctx.get(ChainCheckpoints).create(progress),
      keyFile: checkpointKeyFiles(config.dataDir).publicKey,
    }));
    endProgress();
    const json = `${JSON.stringify(checkpoint, null, 2)}\n`;
    if (out === undefined) process.stdout.write(json);
    else fs.writeFileSync(out, json, { flag: 'wx' });
    process.stderr.write(
      `checkpoint at position ${checkpoint.position} (head hash ${checkpoint.headHash}) signed with ${checkpoint.keyFingerprint}` +
        `${out === undefined ? '' : `, written to ${out}`}\npublic key: ${keyFile} (export it with \`events public-key\`)\n` +
        `已生成签名检查点：位置 ${checkpoint.position}\n`,
    );
    process.exitCode = EXIT.ok;
  } catch (e) {
    endProgress();
    if (e instanceof ChainBrokenError) {
      process.stdout.write(`${e.message}\n${e.messageZh}\n`);
      process.exitCode = EXIT.failed;
      return;
    }
    if ((e as NodeJS.ErrnoException).code === 'EEXIST')
      throw new CliInputError(`${out} exists: not overwritten\n文件已存在`);
    throw e;
  }
}

const EXIT_BY_FAILURE = {
  signature: EXIT.badSignature,
  mismatch: EXIT.checkpointMismatch,
  chain: EXIT.failed,
} as const;

function report(checkpoint: SignedCheckpoint, result: CheckpointCheck): void {
  if (result.ok) {
    const c = result.chain;
    process.stdout.write(
      `OK: the checkpoint's signature holds (${checkpoint.keyFingerprint}), the store still holds position ${checkpoint.position} ` +
        `with hash ${checkpoint.headHash}, and the hash chain is intact: ${c.checked} events, head position ${c.headPosition}, head hash ${c.headHash}\n` +
        `完整：检查点签名有效，位置 ${checkpoint.position} 的哈希与检查点一致，哈希链校验通过，共 ${c.checked} 条事件\n`,
    );
    process.exitCode = EXIT.ok;
    return;
  }
  const zh = {
    signature: '检查点签名无效（伪造、被改动或不是本系统的密钥）',
    mismatch: '事件库与检查点不符：检查点之前的事件被删除或改写',
    chain: `哈希链在位置 ${result.position} 处断裂：事件被篡改、删除或调换`,
  }[result.failure];
  const title = {
    signature: 'SIGNATURE INVALID',
    mismatch: 'CHECKPOINT MISMATCH',
    chain: `BROKEN at position ${result.position}`,
  }[result.failure];
  process.stdout.write(`${title}: ${result.reason}\n${zh}\n`);
  process.exitCode = EXIT_BY_FAILURE[result.failure];
}

/** `events verify --against <file> [--public-key <file>]`. */
export async function verifyAgainst(file: string, publicKeyFile: string | undefined): Promise<void> {
  let checkpoint: SignedCheckpoint;
  let given: KeyObject | undefined;
  try {
    checkpoint = parseCheckpoint(readFileOrFail(file, 'checkpoint'));
    if (publicKeyFile !== undefined)
      given = readPublicKey(readFileOrFail(publicKeyFile, 'public key'), publicKeyFile);
  } catch (e) {
    if (e instanceof AppError) throw new CliInputError(`${file}: ${e.message}\n${e.messageZh}`);
    throw e;
  }
  const result = await withContext(async (ctx) => {
    const checkpoints = ctx.get(ChainCheckpoints);
    const key = given ?? checkpoints.localPublicKey();
    if (!key)
      throw new CliInputError(
        'no public key: pass --public-key <file> (this DATA_DIR has no checkpoint key)\n请用 --public-key 指定公钥文件',
      );
    return checkpoints.check(checkpoint, key, progress);
  });
  endProgress();
  report(checkpoint, result);
}

/** `events public-key [--out file]`: the PEM that checks this service's checkpoints. */
export async function exportPublicKey(out: string | undefined): Promise<void> {
  const key = await withContext(async (ctx) => ctx.get(ChainCheckpoints).publicKey());
  if (out === undefined) process.stdout.write(key.pem);
  else fs.writeFileSync(out, key.pem);
  process.stderr.write(`Ed25519 public key ${key.fingerprint}\n`);
}
