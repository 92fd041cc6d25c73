import type { Definition } from './report.types';

/**
 * 年度按期完成率 (`metOnTimeRate`, reviews). Not the stats' 按期完成率（已到期） (`punctualityRate`: on time ÷
 * (on time + late + overdue)): two figures, two names.
 */
export const MET_ON_TIME_RATE: Definition = {
  en: 'Met-on-time rate of the year = met on time ÷ (due in the year − cancelled − not yet due)',
  zh: '年度按期完成率 = 按期完成数 ÷（年度到期数 − 取消 − 未到期）',
};

/** The definitions a review carries next to its figures. */
export const REVIEW_DEFINITIONS = { metOnTimeRate: MET_ON_TIME_RATE } as const;
