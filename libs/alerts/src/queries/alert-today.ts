import type { DataSource } from 'typeorm';
import { endOfDayInZone, type IsoDate } from '@app/platform';
import type { AlertEpisode } from '../domain/alert';
import type { Figures } from '../domain/restate-log';
import { RULES_RESTATED_FROM_SUBJECT } from '../domain/rules';
import {
  AS_OF_SQL,
  episodeOfRow,
  EPISODE_SQL,
  pageSql,
  type AsOfRow,
  type ToldEpisode,
} from './alerts-as-of';

/**
 * Alert `id` as it is told on `today` (GET /alerts/{id}, and an acknowledgement's answer): as the list of that
 * day shows it; one raised after that day (a backdated clock) as it stands, its figures from the day it was
 * raised, no subject looked up; null when there is no such alert.
 */
export async function alertToday(
  db: Pick<DataSource, 'query'>,
  id: string,
  today: IsoDate,
  tz: string,
): Promise<ToldEpisode | null> {
  const [listed] = await db.query<AsOfRow[]>(pageSql(`(${AS_OF_SQL}) x WHERE x.id = $4`, '$5', '1', '0'), [
    today,
    endOfDayInZone(today, tz).toISOString(),
    'infinity',
    id,
    RULES_RESTATED_FROM_SUBJECT,
  ]);
  if (listed) return episodeOfRow(listed, today);
  const [row] = await db.query<{ episode: AlertEpisode; said: Figures | null }[]>(EPISODE_SQL, [id, today]);
  return row ? { e: row.episode, at: null, said: row.said } : null;
}
