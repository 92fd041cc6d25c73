import type { Command } from 'commander';
import { UnreferencedEvidence } from '@app/evidence';
import { EXIT, withContext } from '../cli-context';

const PER_BATCH = 500;
const mib = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;

export function registerEvidenceCommands(program: Command): void {
  const evidence = program
    .command('evidence')
    .description('evidence files (佐证材料) under DATA_DIR/evidence');

  evidence
    .command('unreferenced')
    .description(
      'list the evidence files no command ever referenced, uploaded more than EVIDENCE_UNREFERENCED_DAYS ago ' +
        '(count, bytes, oldest; reads only): what the service removes on its own, daily. With --remove: remove ' +
        'them now',
    )
    .option(
      '--remove',
      'remove them now (rows, then files; and the files of removals a crash interrupted); files referenced ' +
        'meanwhile are kept',
    )
    .action(async (opts: { remove?: boolean }) => {
      await withContext(async (ctx) => {
        const unreferenced = ctx.get(UnreferencedEvidence);
        const days = unreferenced.retentionDays;
        const s = await unreferenced.summary();
        const oldest = s.oldest === null ? '' : `, the oldest uploaded ${s.oldest.toISOString()}`;
        process.stdout.write(
          `${s.count} evidence file(s) never referenced and uploaded more than ${days} days ago: ` +
            `${s.bytes} bytes (${mib(s.bytes)})${oldest}\n` +
            `超过 ${days} 天未被任何填报引用的佐证材料：${s.count} 份，共 ${mib(s.bytes)}\n`,
        );
        if (!opts.remove) return;
        let removed = 0;
        let bytes = 0;
        let failure: { failed: number; firstError: string | null } = { failed: 0, firstError: null };
        for (let more = true; more;) {
          const r = await unreferenced.remove(PER_BATCH);
          removed += r.removed;
          bytes += r.bytes;
          failure = r; // the last batch's: a file that failed is due again in the next one
          more = r.more && r.removed > 0;
        }
        process.stdout.write(
          `removed ${removed} evidence file(s), ${bytes} bytes (${mib(bytes)})\n` +
            `已删除 ${removed} 份未被引用的佐证材料，共 ${mib(bytes)}\n`,
        );
        if (failure.failed > 0) {
          process.stderr.write(
            `${failure.failed} file(s) could not be removed, e.g. ${failure.firstError}; ` +
              'a file whose row is already gone has its bytes removed by the next run\n',
          );
          process.exitCode = EXIT.failed;
        }
      });
      process.exitCode ??= EXIT.ok;
    });
}
