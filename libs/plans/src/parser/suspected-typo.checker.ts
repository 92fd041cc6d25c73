import type { Milestone, StandingRequirement } from '../model/plan.model';
import type { Finding } from '../model/plan-finding.model';
import { excerptAround } from './place.matcher';

/**
 * Words the plan text most likely misspells: reported as findings, never corrected (the text is the document's).
 * Each rule names the word as written and the word meant.
 */
const SUSPECTED_TYPOS: ReadonlyArray<{ readonly written: RegExp; readonly meant: string }> = [
  // 军民融合 (military-civilian integration) with 军 dropped: 南海战略民融合.
  { written: /(?<!军)民融合/gu, meant: '军民融合' },
];

interface Line {
  readonly text: string;
  readonly line: number;
  readonly milestone?: string;
}

function typosIn(task: number, l: Line): Finding[] {
  return SUSPECTED_TYPOS.flatMap(({ written, meant }) =>
    [...l.text.matchAll(written)].map((m): Finding => {
      const excerpt = excerptAround(l.text, { index: m.index, end: m.index + m[0].length });
      return {
        task,
        ...(l.milestone !== undefined ? { milestone: l.milestone } : {}),
        kind: 'suspected-typo',
        detail: `“${excerpt}”中的“${m[0]}”疑为“${meant}”之误（原文未改）`,
        detailEn: `“${excerpt}”: “${m[0]}” is probably a typo for “${meant}” (text left as written)`,
        line: l.line,
        original: m[0],
        normalised: meant,
      };
    }),
  );
}

/** Suspected typos in a task's plan lines. */
export function findSuspectedTypos(
  task: number,
  milestones: readonly Milestone[],
  standing: readonly StandingRequirement[],
): Finding[] {
  return [
    ...milestones.map((m) => ({ text: m.text, line: m.line, milestone: m.id })),
    ...standing.map((s) => ({ text: s.text, line: s.line })),
  ].flatMap((l) => typosIn(task, l));
}
