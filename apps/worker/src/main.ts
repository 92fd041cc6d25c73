import { NestFactory } from '@nestjs/core';
import { ConsumerRunner, EventStore, KurrentDbEventStore } from '@app/event-store';
import { loadAlertsConfig, longestSendMs } from '@app/alerts';
import { runServiceProcess } from '@app/platform';
import { WorkerModule } from './worker.module';

/** A worker process: every consumer contends for its lock; the ones it wins run here. */
void runServiceProcess(
  'progress-monitor-worker',
  async (config, db) => {
    const app = await NestFactory.createApplicationContext(
      WorkerModule.forRoot({ config, databaseUrl: db.url, migrationUrl: db.migrationUrl }),
      { logger: ['fatal', 'error', 'warn', 'log'] },
    );
    app.get(ConsumerRunner).start();
    const store = app.get(EventStore);
    if (store instanceof KurrentDbEventStore) store.startFollowing();
    process.stdout.write(
      `progress-monitor worker running (consumers: ${app.get(ConsumerRunner).names().join(', ')})\n`,
    );
    return { close: () => app.close(), longestStepMs: longestSendMs(loadAlertsConfig()) };
  },
  [() => loadAlertsConfig()],
);
