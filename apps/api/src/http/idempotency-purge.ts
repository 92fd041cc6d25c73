import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig, queryAffected, withQueryTimeout } from '@app/platform';

const PURGE_EVERY_MS = 3_600_000;
const PURGE_BATCH = 5000;

/** Idempotency-Key records older than IDEMPOTENCY_RETENTION_HOURS are purged an hour after start, then every hour. */
@Injectable()
export class IdempotencyPurge implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger('Idempotency');
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => {
      // Background work: unbounded, not the requests' bound (query-scope.ts).
      withQueryTimeout(0, () => this.purgeExpired()).catch((e: unknown) =>
        this.log.warn(
          `purging old Idempotency-Key records failed: ${e instanceof Error ? e.message : String(e)}`,
        ),
      );
    }, PURGE_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /**
   * Deletes the records older than the retention, in batches (any API process may; they do not conflict). A row
   * locked meanwhile (a claim or an answer writing it, another purge) is skipped, not waited for: the purge never
   * waits on the claims' and answers' statements, so it cannot deadlock with them; a row skipped is purged next time.
   */
  async purgeExpired(): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = await queryAffected(
        this.dataSource,
        `DELETE FROM idempotency_keys WHERE (scope, key) IN (
           SELECT scope, key FROM idempotency_keys
            WHERE created_at < now() - make_interval(hours => $1)
            ORDER BY scope, key LIMIT ${PURGE_BATCH} FOR UPDATE SKIP LOCKED)`,
        [this.config.idempotencyRetentionHours],
      );
      total += deleted;
      if (deleted < PURGE_BATCH) break;
    }
    if (total > 0)
      this.log.log(
        `purged ${total} Idempotency-Key records older than ${this.config.idempotencyRetentionHours} h`,
      );
    return total;
  }
}
