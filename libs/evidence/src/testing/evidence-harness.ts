import { createHash, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { Test, type TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { EventStore, EventStoreModule } from '@app/event-store';
import { loadConfig, PlatformModule } from '@app/platform';
import type { TestDatabase } from '@app/platform/testing';
import { EvidenceModule } from '../evidence.module';
import { EvidenceFiles } from '../evidence-files.service';
import { UnreferencedEvidence } from '../unreferenced-evidence';
import { samplePdf } from './sample-files';

export const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** The evidence services on a real database and a real DATA_DIR (int tests). */
export class EvidenceHarness {
  private constructor(
    readonly mod: TestingModule,
    readonly dataDir: string,
  ) {}

  static async boot(db: TestDatabase, dataDir?: string, upkeep = false): Promise<EvidenceHarness> {
    const dir = dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'pm-int-evidence-'));
    const config = {
      ...loadConfig({ IMPORT_SEED_ON_START: 'false', LOG_LEVEL: 'error', DATA_DIR: dir }),
      upkeep,
    };
    const mod = await Test.createTestingModule({
      imports: [
        PlatformModule.forRoot({ config, databaseUrl: db.appUrl, migrationUrl: db.url }),
        EventStoreModule,
        EvidenceModule,
      ],
    }).compile();
    mod.useLogger(false);
    await mod.init();
    return new EvidenceHarness(mod, dir);
  }

  get db(): DataSource {
    return this.mod.get(DataSource);
  }
  get files(): EvidenceFiles {
    return this.mod.get(EvidenceFiles);
  }
  get unreferenced(): UnreferencedEvidence {
    return this.mod.get(UnreferencedEvidence);
  }

  /** Uploads a distinct PDF, recorded as uploaded `daysAgo` days ago; its hash. */
  async upload(label: string, daysAgo = 0): Promise<string> {
    const f = await this.files.upload(Readable.from([samplePdf(label)]), `${label}.pdf`, undefined, 'test');
    await this.db.query(
      `UPDATE evidence_files SET uploaded_at = now() - make_interval(days => $2::int) WHERE sha256 = $1`,
      [f.sha256, daysAgo],
    );
    return f.sha256;
  }

  /** A progress report recorded on a milestone's stream, naming the file (as any older event did). */
  async recordReference(sha256: string): Promise<void> {
    await this.mod.get(EventStore).append(
      `milestone-test.${randomUUID()}`,
      [
        {
          eventId: randomUUID(),
          type: 'ProgressReported',
          data: { percent: 50, narrative: '已完成方案设计', evidence: [{ name: '报告.pdf', sha256 }] },
          metadata: { occurredAt: new Date().toISOString() },
        },
      ],
      'any',
    );
  }

  /** Is the file there: [row, bytes on disk]. */
  async kept(sha256: string): Promise<[boolean, boolean]> {
    const rows = await this.db.query<unknown[]>('SELECT 1 FROM evidence_files WHERE sha256 = $1', [sha256]);
    const file = path.join(this.dataDir, 'evidence', sha256.slice(0, 2), sha256.slice(2));
    return [rows.length === 1, fs.existsSync(file)];
  }

  async close(removeDir = true): Promise<void> {
    await this.mod.close();
    if (removeDir) fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}
