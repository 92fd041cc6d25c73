import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { CronJob } from 'cron';
import { ConsumerRunner } from '@app/event-store';
import { APP_CONFIG, type AppConfig, shutdownSignal, withQueryTimeout } from '@app/platform';
import { ALERTS_CONFIG, type AlertsConfig } from '../config/alerts-config';
import { ALERTS_MONITOR } from '../monitor/alerts-monitor.consumer';
import { ALERTS_NOTIFIER } from '../notifier/alerts-notifier.consumer';
import { AlertScanService } from '../scan/alert-scan.service';
import { AlertMailSender } from './alert-mail-sender';
import { AlertRobotSender } from '../robots/robot-sender';

/** The longest one delivery may take once begun (an SMTP send, a robot post): a stop waits for it. */
export function longestSendMs(alerts: AlertsConfig): number {
  return Math.max(alerts.smtpTimeoutMs, alerts.robotTimeoutMs);
}

/**
 * The alerts' background work, only where the consumers run: the mail and robot senders run in the process that holds
 * the notifier's lock, the scheduled scan (ALERT_SCHEDULE, in the plan's time zone) in the one that holds the monitor's.
 * A process whose consumer runner was not started (PROCESS_ROLE=api, the CLI) holds neither and does nothing.
 * Both stop before the application's connections close; a delivery round sends nothing new once the process is
 * stopping (SIGTERM: `shutdownSignal()`) or the application closes, giving only the send under way at most
 * `longestSendMs` more.
 */
@Injectable()
export class AlertsBackground implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger('AlertsBackground');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  /** Fires when the process begins to stop or the application closes, whichever comes first. */
  private readonly stop = new AbortController();
  private forgetShutdown: () => void = () => undefined;
  private job: CronJob | undefined;
  private scanning: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly runner: ConsumerRunner,
    private readonly sender: AlertMailSender,
    private readonly robots: AlertRobotSender,
    private readonly scans: AlertScanService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ALERTS_CONFIG) private readonly alerts: AlertsConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.role === 'api') return;
    const begun = shutdownSignal();
    const stop = (): void => this.stop.abort();
    begun.addEventListener('abort', stop, { once: true });
    this.forgetShutdown = () => begun.removeEventListener('abort', stop);
    if (begun.aborted) stop();
    this.schedule(this.alerts.mailPollMs);
  }

  private schedule(ms: number): void {
    if (this.stop.signal.aborted) return;
    this.timer = setTimeout(() => {
      // Background work: unbounded with PROCESS_ROLE=all too (query-scope.ts).
      this.running = withQueryTimeout(0, () => this.tick()).finally(() =>
        this.schedule(this.alerts.mailPollMs),
      );
    }, ms);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    try {
      if (this.runner.isActiveHere(ALERTS_MONITOR)) this.startSchedule();
      else await this.stopSchedule();
      if (this.runner.isActiveHere(ALERTS_NOTIFIER)) {
        await this.sender.deliverDue(undefined, this.stop.signal);
        await this.robots.deliverDue(undefined, this.stop.signal);
      }
    } catch (e) {
      this.log.error(`alert delivery failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
  }

  private startSchedule(): void {
    if (this.job || this.stop.signal.aborted) return;
    // ALERT_SCHEDULE was checked with the configuration (loadAlertsConfig) before the process started.
    this.job = CronJob.from({
      cronTime: this.alerts.schedule,
      timeZone: this.config.planTimeZone,
      start: true,
      unrefTimeout: true,
      waitForCompletion: true,
      onTick: async () => {
        const asOf = this.scans.today();
        const p = withQueryTimeout(0, () => this.scans.scan(asOf, 'alerts-schedule'));
        this.scanning = p.catch(() => undefined);
        await p;
      },
      errorHandler: (e) =>
        this.log.error(`scheduled alert scan failed: ${e instanceof Error ? e.message : String(e)}`),
    });
    this.log.log(`alert scan scheduled: "${this.alerts.schedule}" (${this.config.planTimeZone})`);
  }

  private async stopSchedule(): Promise<void> {
    const job = this.job;
    this.job = undefined;
    await job?.stop();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stop.abort();
    this.forgetShutdown();
    clearTimeout(this.timer);
    await this.stopSchedule();
    await this.scanning;
    await this.running;
  }
}
