import type { INestApplicationContext } from '@nestjs/common';
import { EvidenceAudit } from '@app/evidence';

/**
 * The evidence part of `events verify`: every file the events refer to is in the store and hashes to its recorded
 * SHA-256. Prints what it found; true when every file is whole.
 */
export async function verifyEvidenceFiles(ctx: INestApplicationContext): Promise<boolean> {
  const result = await ctx.get(EvidenceAudit).run();
  for (const f of result.faults) {
    process.stdout.write(
      `${f.problem === 'missing' ? 'MISSING' : 'CORRUPT'} evidence ${f.sha256} (${f.name}) of ${f.owners.join(', ')}\n` +
        `佐证材料“${f.name}”${f.problem === 'missing' ? '文件缺失' : '文件内容与记录的摘要不符（已损坏或被改动）'}：${f.owners.join('、')}\n`,
    );
  }
  const intact = result.checked - result.faults.length;
  const fingerprints =
    result.fingerprintOnly > 0
      ? `; ${result.fingerprintOnly} fingerprint-only references (no file uploaded) not checked`
      : '';
  process.stdout.write(
    `${result.faults.length === 0 ? 'OK' : 'FAILED'}: ${intact} evidence files intact, ${result.faults.length} missing or corrupt${fingerprints}\n` +
      `佐证材料文件：${intact} 份完好，${result.faults.length} 份缺失或损坏\n`,
  );
  return result.faults.length === 0;
}
