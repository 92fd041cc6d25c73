import { findForbiddenCharacter, isIsoDate, type IsoDate } from '@app/platform';

import { MilestoneError, MilestoneErrorCode } from './milestone.errors';
import type { EvidenceRef, IndicatorActual } from './milestone.events';

/** Limits the domain enforces whatever the edge did. Lengths count characters (code points). */
export const MILESTONE_LIMITS = {
  narrativeMaxLength: 5000,
  reasonMaxLength: 2000,
  noteMaxLength: 2000,
  evidenceNameMaxLength: 255,
  metricMaxLength: 200,
  evidenceMaxItems: 50,
  indicatorActualsMaxItems: 50,
  /** Indicator targets and values: finite, at most this in magnitude (no plan figure comes near). */
  indicatorValueMax: 1e12,
  /**
   * Indicator targets are quantities to reach: at least this (0 is a real target, e.g. 不超过0起; the attainment
   * ratio leaves it out). Reported values are not bounded below (a growth rate may fall).
   */
  indicatorTargetMin: 0,
  /**
   * A due or forecast date is at most this many years (to 31 December) after the latest of the milestone's period
   * end, its planned (baseline) due date and the command's day (`latestPlanDate`): a delay may run past the plan, not into
   * the next century.
   */
  dateYearsAfterPeriod: 2,
  /** A fact may be stated this far ahead of the server clock. */
  futureSkewMs: 5 * 60_000,
  /** A fact reported more than this long after it happened is marked `backdated`. */
  backdatedAfterMs: 30 * 86_400_000,
} as const;

/** Number of characters as a person counts them: code points (an emoji is one). */
export function characterCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

export interface TextRule {
  readonly max: number;
  /** Allows line feeds and tabs. */
  readonly multiline: boolean;
}

export const NARRATIVE: TextRule = { max: MILESTONE_LIMITS.narrativeMaxLength, multiline: true };
export const REASON: TextRule = { max: MILESTONE_LIMITS.reasonMaxLength, multiline: true };
export const NOTE: TextRule = { max: MILESTONE_LIMITS.noteMaxLength, multiline: true };
export const EVIDENCE_NAME: TextRule = { max: MILESTONE_LIMITS.evidenceNameMaxLength, multiline: false };
export const METRIC: TextRule = { max: MILESTONE_LIMITS.metricMaxLength, multiline: false };

/** A required text, trimmed; non-empty, within its length, without control characters. */
export function requiredText(value: unknown, field: string, rule: TextRule): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new MilestoneError(MilestoneErrorCode.TEXT_REQUIRED, { field });
  }
  return checkedText(value.trim(), field, rule);
}

/** An optional text, trimmed; absent or blank gives `undefined`. */
export function optionalText(value: unknown, field: string, rule: TextRule): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw new MilestoneError(MilestoneErrorCode.FIELD_INVALID, {
      field,
      details: { expected: 'a string', expectedZh: '文字' },
    });
  }
  const trimmed = value.trim();
  return trimmed === '' ? undefined : checkedText(trimmed, field, rule);
}

function checkedText(text: string, field: string, rule: TextRule): string {
  const length = characterCount(text);
  if (length > rule.max) {
    throw new MilestoneError(MilestoneErrorCode.TEXT_TOO_LONG, { field, details: { length, max: rule.max } });
  }
  const bad = findForbiddenCharacter(text, rule.multiline);
  if (bad) {
    throw new MilestoneError(MilestoneErrorCode.TEXT_INVALID_CHARACTERS, { field, details: bad });
  }
  return text;
}

export function validDate(value: unknown, field: string): IsoDate {
  if (typeof value !== 'string' || !isIsoDate(value)) {
    throw new MilestoneError(MilestoneErrorCode.DATE_INVALID, { field });
  }
  return value;
}

export function validPercent(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 100) {
    throw new MilestoneError(MilestoneErrorCode.PERCENT_INVALID, { field });
  }
  return value;
}

export function finiteNumber(value: unknown, field: string): number {
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    Math.abs(value) > MILESTONE_LIMITS.indicatorValueMax
  ) {
    throw new MilestoneError(MilestoneErrorCode.INDICATOR_VALUE_INVALID, { field });
  }
  return value;
}

/** An indicator target: a finite number, not below `indicatorTargetMin`. */
export function validTarget(value: unknown, field: string): number {
  const target = finiteNumber(value, field);
  if (target < MILESTONE_LIMITS.indicatorTargetMin) {
    throw new MilestoneError(MilestoneErrorCode.INDICATOR_TARGET_NEGATIVE, {
      field,
      details: { value: target },
    });
  }
  return target;
}

function arrayOf(value: unknown, field: string, max: number): readonly unknown[] {
  if (!Array.isArray(value)) {
    throw new MilestoneError(MilestoneErrorCode.FIELD_INVALID, {
      field,
      details: { expected: 'a list', expectedZh: '列表' },
    });
  }
  if (value.length > max) {
    throw new MilestoneError(MilestoneErrorCode.TOO_MANY_ITEMS, {
      field,
      details: { count: value.length, max },
    });
  }
  return value as readonly unknown[];
}

function record(value: unknown, field: string): Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new MilestoneError(MilestoneErrorCode.FIELD_INVALID, {
      field,
      details: { expected: 'an object', expectedZh: '对象' },
    });
  }
  return value as Readonly<Record<string, unknown>>;
}

const SHA256 = /^[0-9a-fA-F]{64}$/;

/** Evidence references; the hash is stored in lower case. */
export function validEvidence(value: unknown, field: string, required: boolean): readonly EvidenceRef[] {
  if (required && (value === undefined || value === null || (Array.isArray(value) && value.length === 0))) {
    throw new MilestoneError(MilestoneErrorCode.EVIDENCE_REQUIRED, { field });
  }
  return arrayOf(value, field, MILESTONE_LIMITS.evidenceMaxItems).map((item, i) => {
    const r = record(item, `${field}[${i}]`);
    const name = requiredText(r['name'], `${field}[${i}].name`, EVIDENCE_NAME);
    const sha256 = r['sha256'];
    if (typeof sha256 !== 'string' || !SHA256.test(sha256)) {
      throw new MilestoneError(MilestoneErrorCode.EVIDENCE_HASH_INVALID, { field: `${field}[${i}].sha256` });
    }
    return { name, sha256: sha256.toLowerCase(), ...uploadedFile(r, `${field}[${i}]`) };
  });
}

const CONTENT_TYPE = /^[a-z]+\/[a-z0-9.+-]{1,100}$/;

/** The size and content type the service adds to a reference to an uploaded file (never sent by a client). */
function uploadedFile(
  r: Readonly<Record<string, unknown>>,
  field: string,
): Pick<EvidenceRef, 'size' | 'contentType'> {
  const { size, contentType } = r;
  if (size === undefined && contentType === undefined) return {};
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size <= 0) {
    throw new MilestoneError(MilestoneErrorCode.FIELD_INVALID, {
      field: `${field}.size`,
      details: { expected: 'a size in bytes' },
    });
  }
  if (typeof contentType !== 'string' || !CONTENT_TYPE.test(contentType)) {
    throw new MilestoneError(MilestoneErrorCode.FIELD_INVALID, {
      field: `${field}.contentType`,
      details: { expected: 'a content type' },
    });
  }
  return { size, contentType };
}

/** Indicator values: each metric must be one of the milestone's, once. */
export function validIndicatorActuals(
  value: unknown,
  field: string,
  knownMetrics: readonly string[],
): readonly IndicatorActual[] {
  const seen = new Set<string>();
  return arrayOf(value, field, MILESTONE_LIMITS.indicatorActualsMaxItems).map((item, i) => {
    const r = record(item, `${field}[${i}]`);
    const metric = requiredText(r['metric'], `${field}[${i}].metric`, METRIC);
    if (!knownMetrics.includes(metric)) {
      throw new MilestoneError(MilestoneErrorCode.INDICATOR_UNKNOWN, {
        field: `${field}[${i}].metric`,
        details: { metric, known: knownMetrics.join(', ') },
      });
    }
    if (seen.has(metric)) {
      throw new MilestoneError(MilestoneErrorCode.INDICATOR_DUPLICATE, {
        field: `${field}[${i}].metric`,
        details: { metric },
      });
    }
    seen.add(metric);
    return { metric, actual: finiteNumber(r['actual'], `${field}[${i}].actual`) };
  });
}
