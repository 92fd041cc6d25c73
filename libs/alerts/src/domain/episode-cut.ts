import { maxDate, type AlertEpisode } from './alert';

/** Which transitions of an episode had happened (on the as-of day) and were recorded (by knownAt). */
export interface EpisodeCut {
  readonly repeats: number;
  readonly escalated: boolean;
  readonly acknowledged: boolean;
  readonly resolved: boolean;
}

/**
 * The episode as it stood at a cut: later repeats, escalation, acknowledgement and resolution left out (its
 * restatements are read beside it, as of the same cut: `alerts-as-of.ts`).
 */
export function episodeAt(e: AlertEpisode, cut: EpisodeCut): AlertEpisode {
  const repeatLog = e.repeatLog.slice(0, cut.repeats);
  const escalatedOn = cut.escalated ? e.escalatedOn : null;
  const lastNotifiedOn = [...repeatLog.map((r) => r.on), ...(escalatedOn ? [escalatedOn] : [])].reduce(
    maxDate,
    e.raisedOn,
  );
  return {
    ...e,
    repeatLog,
    repeats: repeatLog.at(-1)?.occurrence ?? 0,
    escalatedOn,
    lastNotifiedOn,
    acknowledged: cut.acknowledged ? e.acknowledged : null,
    resolvedOn: cut.resolved ? e.resolvedOn : null,
    resolvedReason: cut.resolved ? e.resolvedReason : null,
    recorded: {
      raised: e.recorded.raised,
      escalated: cut.escalated ? e.recorded.escalated : null,
      acknowledged: cut.acknowledged ? e.recorded.acknowledged : null,
      resolved: cut.resolved ? e.recorded.resolved : null,
    },
  };
}
