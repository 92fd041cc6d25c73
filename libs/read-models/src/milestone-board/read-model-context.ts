import { workingCalendar } from '@app/milestones';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, Clock, type AppConfig, type IsoDate } from '@app/platform';
import type { TimelineRules } from './health-steps';
import { PlanDays } from './plan-days';

/** What the projection and the queries share: the rules' settings, the plan's calendar, today. */
@Injectable()
export class ReadModelContext {
  readonly rules: TimelineRules;
  readonly days: PlanDays;

  constructor(
    @Inject(APP_CONFIG) readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.days = new PlanDays(config.planTimeZone);
    this.rules = readModelRules(config, this.days);
  }

  now(): Date {
    return this.clock.now();
  }

  /** Today in the plan's time zone (PLAN_TIME_ZONE), from the injected clock. */
  today(): IsoDate {
    return this.days.dayOf(this.clock.now().getTime());
  }
}

export function readModelRules(config: AppConfig, days = new PlanDays(config.planTimeZone)): TimelineRules {
  return {
    thresholds: config.health,
    calendar: workingCalendar(config.holidays),
    dayOf: (ms) => days.dayOf(ms),
  };
}
