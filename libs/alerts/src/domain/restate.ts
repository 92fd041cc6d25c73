import type { IsoDate } from '@app/platform';
import { episodeState, type AlertEpisode } from './alert';
import type { AlertDecision, Judged } from './evaluate';
import { restatedOn, sameFigures, type AlertRestatement } from './restate-log';
import { RULES } from './rules';
import { isStandingItem } from './standing-silence';
import { subjectFor, type RuleSettings } from './subject';

/**
 * The restatements owed to episodes of `restatedOnEvents` rules (指标未达标), for the days they were open (a resolved
 * one: before its resolution), once a milestone is known
 * through stream version `version`: on each day from `from` (never before the episode was raised) and on each
 * later day in `laterDays` (the days its other events happened: a backdated value may change what held on them),
 * the condition as the rule's `scan` words it that day (`stateAt`), where it still holds and says something else
 * than the episode says by then (`restated`: its restatements so far, at least those that can tell a day from
 * `from` on). Deterministic for a version: a replay appends the same (no-op) events.
 */
export function evaluateRestatements(
  episodes: Iterable<AlertEpisode>,
  restated: (alertId: string) => readonly AlertRestatement[],
  stateAt: (asOf: IsoDate) => Judged,
  from: IsoDate,
  laterDays: readonly IsoDate[],
  version: number,
  cfg: RuleSettings,
): AlertDecision[] {
  const out: AlertDecision[] = [];
  for (const e of episodes) {
    const scan = RULES[e.rule].restatedOnEvents ? RULES[e.rule].scan : undefined;
    if (!scan) continue;
    // A resolved episode is restated for the days it was open (a value reported late for one of them).
    const until = episodeState(e) === 'resolved' ? e.resolvedOn : null;
    const start = from > e.raisedOn ? from : e.raisedOn;
    const days = [...new Set([start, ...laterDays.filter((d) => d > start)])]
      .filter((d) => until === null || d < until)
      .sort();
    const log = [...restated(e.alertId)];
    for (const on of days) {
      const s = stateAt(on);
      const x = isStandingItem(s) || !s.exists ? undefined : subjectFor(s, e.raised.milestone.assignment);
      const c = x ? scan(x, on, cfg).find((k) => k.key === e.key) : undefined;
      if (!c || sameFigures(c, restatedOn(log, on) ?? e.raised)) continue;
      const data = {
        alertId: e.alertId,
        episode: e.episode,
        asOf: on,
        version,
        reasons: c.reasons,
        facts: c.facts,
      };
      out.push({ kind: 'restate', key: e.key, data });
      log.push({ on, version, reasons: c.reasons, facts: c.facts, recordedAt: null });
    }
  }
  return out;
}
