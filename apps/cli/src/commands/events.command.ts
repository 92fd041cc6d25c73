import type { Command } from 'commander';
import { EventStore } from '@app/event-store';
import { EXIT, withContext } from '../cli-context';
import { verifyEvidenceFiles } from './events-evidence';
import { exportPublicKey, verifyAgainst, writeCheckpoint } from './events-checkpoint';

export function registerEventsCommands(program: Command): void {
  const events = program
    .command('events')
    .description('the event store: verify the hash chain, signed checkpoints, tail events');

  events
    .command('verify')
    .description(
      'walk the hash chain, and check every evidence file the events refer to (present, bytes match the hash); ' +
        'exit 1 at the first broken position or a missing or corrupt file. With --against: check a signed checkpoint ' +
        'first (exit 3: signature invalid; exit 4: the store no longer holds its position and hash)',
    )
    .option('--against <file>', 'a checkpoint written by `events checkpoint`')
    .option('--public-key <file>', "the public key (PEM) to check it with (default: this DATA_DIR's key)")
    .action(async (opts: { against?: string; publicKey?: string }) => {
      if (opts.against !== undefined) return verifyAgainst(opts.against, opts.publicKey);
      const [result, evidenceOk] = await withContext(async (ctx) => {
        const chain = await ctx.get(EventStore).verifyChain((n) => {
          if (process.stderr.isTTY) process.stderr.write(`\rverified ${n} events…`);
        });
        if (process.stderr.isTTY) process.stderr.write('\n');
        return [chain, await verifyEvidenceFiles(ctx)] as const;
      });
      if (result.ok) {
        process.stdout.write(
          `OK: hash chain intact, ${result.checked} events, head position ${result.headPosition}, head hash ${result.headHash}\n` +
            `完整：哈希链校验通过，共 ${result.checked} 条事件\n`,
        );
        process.exitCode = evidenceOk ? EXIT.ok : EXIT.failed;
      } else {
        process.stdout.write(
          `BROKEN at position ${result.brokenAt}: ${result.reason} (${result.checked} events verified before it)\n` +
            `哈希链在位置 ${result.brokenAt} 处断裂：事件被篡改、删除或调换\n`,
        );
        process.exitCode = EXIT.failed;
      }
    });

  events
    .command('checkpoint')
    .description(
      'verify the chain and write a checkpoint {position, head hash} signed with the key under DATA_DIR/keys',
    )
    .option('--out <file>', 'write it to this file (default: stdout)')
    .action(async (opts: { out?: string }) => writeCheckpoint(opts.out));

  events
    .command('public-key')
    .description('print the Ed25519 public key (PEM) that checks the checkpoints (created on first use)')
    .option('--out <file>', 'write it to this file (default: stdout)')
    .action(async (opts: { out?: string }) => exportPublicKey(opts.out));

  events
    .command('tail')
    .description('print events as JSON lines')
    .option('--from <position>', 'start after this global position', '0')
    .option('--limit <n>', 'at most this many events (default: all)')
    .action(async (opts: { from: string; limit?: string }) => {
      const from = Number(opts.from);
      const limit = opts.limit === undefined ? Infinity : Number(opts.limit);
      if (
        !Number.isInteger(from) ||
        from < 0 ||
        !(limit === Infinity || (Number.isInteger(limit) && limit > 0))
      ) {
        process.stderr.write('--from and --limit take whole numbers (from ≥ 0, limit ≥ 1)\n');
        process.exitCode = EXIT.badInput;
        return;
      }
      await withContext(async (ctx) => {
        const store = ctx.get(EventStore);
        let after = from;
        let printed = 0;
        while (printed < limit) {
          const batch = await store.readAll(after, Math.min(1000, limit - printed));
          if (batch.length === 0) break;
          for (const e of batch) process.stdout.write(`${JSON.stringify(e)}\n`);
          printed += batch.length;
          after = batch[batch.length - 1]!.position;
        }
      });
    });
}
