import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, Clock, dateInZone, type AppConfig, type IsoDate } from '@app/platform';
import type { AlertEpisode } from '../domain/alert';
import { AlertError } from '../domain/alert.errors';
import type { Figures } from '../domain/restate-log';
import type { SubjectAsOf } from '../domain/subject';
import { ruleSettings } from '../monitor/alerts-monitor.consumer';
import { ALERTS_CONFIG, type AlertsConfig } from '../config/alerts-config';
import { alertToday } from './alert-today';
import { listAlerts } from './alert-list';
import type { AlertFilter, AlertPage, AlertView, DeliveryState, DeliveryView } from './alert-views';
import { deliveryPage, retryDeadDelivery } from './delivery-queries';
import { episodeView, type ViewSettings } from './episode-view';

/**
 * Read side of alerts (the `alerts` table kept by the monitor) and of the mail outbox: the one provider the API,
 * the CLI and the acknowledgement ask; the list (`alert-list.ts`), one alert today (`alert-today.ts`), the view of
 * an episode (`episode-view.ts`) and the outbox (`delivery-queries.ts`) are each in a file of their own.
 */
@Injectable()
export class AlertQueries {
  private readonly settings: ViewSettings;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ALERTS_CONFIG) alerts: AlertsConfig,
    private readonly clock: Clock,
  ) {
    this.settings = { rules: ruleSettings(config, alerts), alerts, baseUrl: config.baseUrl };
  }

  private today(): IsoDate {
    return dateInZone(this.clock.now(), this.config.planTimeZone);
  }

  /** An episode as the read side shows it (`episodeView`), its figures as of `asOf` (default: today). */
  view(
    e: AlertEpisode,
    asOf: IsoDate = this.today(),
    at: SubjectAsOf | null = null,
    said: Figures | null = null,
  ): AlertView {
    return episodeView(this.settings, e, asOf, at, said);
  }

  /** Alerts newest first, each as it stood on `asOf` as known at `knownAt` (exact from the dated transitions). */
  list(f: AlertFilter): Promise<AlertPage> {
    return listAlerts(this.dataSource, f, this.config.planTimeZone, this.clock.now(), (t, asOf) =>
      this.view(t.e, asOf, t.at, t.said),
    );
  }

  /** One alert as it stands today (as the list of today shows it). */
  async get(id: string): Promise<AlertView> {
    const today = this.today();
    const told = await alertToday(this.dataSource, id, today, this.config.planTimeZone);
    if (!told) throw new AlertError('ALERT_NOT_FOUND', { id });
    return this.view(told.e, today, told.at, told.said);
  }

  /**
   * What an episode's figures are told from today (as `get` tells them): its subject (null where none is looked
   * up) and its restatements (null: as raised).
   */
  async toldToday(e: AlertEpisode): Promise<{ at: SubjectAsOf | null; said: Figures | null }> {
    const told = await alertToday(this.dataSource, e.alertId, this.today(), this.config.planTimeZone);
    return { at: told?.at ?? null, said: told?.said ?? null };
  }

  deliveries(
    state?: DeliveryState,
    limit = 100,
    offset = 0,
    id?: string,
  ): Promise<{ total: number; items: DeliveryView[] }> {
    return deliveryPage(this.dataSource, state, limit, offset, id);
  }

  /** Puts a dead-lettered mail back in the outbox with fresh attempts (admin). */
  retryDelivery(id: string): Promise<DeliveryView> {
    return retryDeadDelivery(this.dataSource, id);
  }
}
