import type { DataSource } from 'typeorm';
import { dateInZone, endOfDayInZone, type IsoDate } from '@app/platform';
import { parseTimeTravel } from '@app/read-models';
import { RULES_RESTATED_FROM_SUBJECT } from '../domain/rules';
import type { AlertFilter, AlertPage, AlertView } from './alert-views';
import { AS_OF_SQL, episodeOfRow, pageSql, type AsOfRow, type ToldEpisode } from './alerts-as-of';

/**
 * The filter's conditions over the as-of episodes (`AS_OF_SQL`'s columns), their values appended to `params`
 * (after its three).
 */
function filterSql(f: AlertFilter, params: unknown[]): string {
  const conds: string[] = [];
  const add = (sql: string, value: unknown): void => {
    params.push(value);
    conds.push(sql.replaceAll('?', `$${params.length}`));
  };
  if (f.milestone !== undefined) add('milestone_id = ?', f.milestone);
  if (f.unit !== undefined) add('(? = ANY(lead_units) OR ? = ANY(cooperating_units))', f.unit);
  if (f.rule !== undefined) add('rule = ?', f.rule);
  if (f.state !== undefined) {
    add(
      `(CASE WHEN cut_resolved THEN 'resolved' WHEN cut_acknowledged THEN 'acknowledged' ELSE 'open' END) = ?`,
      f.state,
    );
  }
  if (f.level !== undefined) add('level = ?', f.level);
  if (f.from !== undefined) add('raised_on >= ?::date', f.from);
  if (f.to !== undefined) add('raised_on <= ?::date', f.to);
  return conds.length > 0 ? `WHERE ${conds.join(' AND ')}` : '';
}

/**
 * Alerts newest first, each as it stood on `asOf` as known at `knownAt` (exact from the dated transitions),
 * shown by `view`: a count and one page, two statements.
 */
export async function listAlerts(
  db: Pick<DataSource, 'query'>,
  f: AlertFilter,
  tz: string,
  now: Date,
  view: (told: ToldEpisode, asOf: IsoDate) => AlertView,
): Promise<AlertPage> {
  const tt = parseTimeTravel(f, dateInZone(now, tz), tz, (ms) => dateInZone(new Date(ms), tz));
  const params: unknown[] = [
    tt.asOf,
    endOfDayInZone(tt.asOf, tz).toISOString(),
    tt.knownAt === null ? 'infinity' : tt.knownAt.toISOString(),
  ];
  const from = `(${AS_OF_SQL}) x ${filterSql(f, params)}`;
  const total = Number(
    (await db.query<{ n: string }[]>(`SELECT count(*) AS n FROM ${from}`, params))[0]?.n ?? 0,
  );
  const n = params.length;
  const rows = await db.query<AsOfRow[]>(pageSql(from, `$${n + 1}`, `$${n + 2}`, `$${n + 3}`), [
    ...params,
    RULES_RESTATED_FROM_SUBJECT,
    f.limit ?? 100,
    f.offset ?? 0,
  ]);
  return {
    asOf: tt.asOf,
    knownAt: tt.knownAt?.toISOString() ?? null,
    total,
    items: rows.map((r) => view(episodeOfRow(r, tt.asOf), tt.asOf)),
  };
}
