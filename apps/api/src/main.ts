import type { Server } from 'node:http';
import { ConsumerRunner, EventStore, KurrentDbEventStore } from '@app/event-store';
import { loadAlertsConfig, longestSendMs } from '@app/alerts';
import { runServiceProcess } from '@app/platform';
import { closeApiApp, createApiApp } from './create-app';
import { drainHttp } from './http/graceful-close';

/**
 * `npm start`: the API, and (PROCESS_ROLE=all, the default) the worker's consumers in the same
 * process, on the embedded PostgreSQL unless DATABASE_URL is set.
 */
void runServiceProcess(
  'progress-monitor',
  async (config, db, settings) => {
    const app = await createApiApp({
      config,
      databaseUrl: db.url,
      migrationUrl: db.migrationUrl,
      queryTimeoutMs: settings.queryTimeoutMs,
    });
    if (config.role === 'all') {
      app.get(ConsumerRunner).start();
      const store = app.get(EventStore);
      if (store instanceof KurrentDbEventStore) store.startFollowing();
    }
    await app.listen(config.port, config.host);
    process.stdout.write(
      `progress-monitor listening on ${config.baseUrl} (dashboard /, OpenAPI ${config.baseUrl}/api/docs)\n`,
    );
    return {
      // Requests first (the consumers still run for them), then the consumers and the pool.
      close: async (graceMs) => {
        await drainHttp(app.getHttpServer() as Server, graceMs);
        await closeApiApp(app);
      },
      // A mail send under way when the stop begins gets ALERT_SMTP_TIMEOUT_MS to finish, then is cut off (pending).
      longestStepMs: longestSendMs(loadAlertsConfig()),
    };
  },
  [() => loadAlertsConfig()],
  { listens: true },
);
