import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  ACTOR_ROLE_LABELS_ZH,
  ACTOR_ROLES,
  ALERT_LEVEL_LABELS_ZH,
  ALERT_LEVELS,
  ALERT_STATE_LABELS_ZH,
  ALERT_STATES,
  HEALTH_COLOURS,
  HEALTH_LABELS_ZH,
  HEALTH_MEANINGS_ZH,
  LEAD_MODE_LABELS_ZH,
  LEAD_MODES,
  MILESTONE_COMMAND_LABELS,
  MILESTONE_COMMAND_TYPES,
  MILESTONE_LIFECYCLE_LABELS_ZH,
  MILESTONE_LIFECYCLES,
  SCHEDULE_LABELS_ZH,
  SCHEDULE_STATES,
} from '@app/milestones/labels';

/** Each map with the codes of its union: the keys are exactly the codes, every label is non-empty text. */
const MAPS: [string, readonly string[], Readonly<Record<string, unknown>>][] = [
  ['lifecycle', MILESTONE_LIFECYCLES, MILESTONE_LIFECYCLE_LABELS_ZH],
  ['schedule', SCHEDULE_STATES, SCHEDULE_LABELS_ZH],
  ['health', HEALTH_COLOURS, HEALTH_LABELS_ZH],
  ['health meaning', HEALTH_COLOURS, HEALTH_MEANINGS_ZH],
  ['lead mode', LEAD_MODES, LEAD_MODE_LABELS_ZH],
  ['role', ACTOR_ROLES, ACTOR_ROLE_LABELS_ZH],
  ['command', MILESTONE_COMMAND_TYPES, MILESTONE_COMMAND_LABELS],
  ['alert level', ALERT_LEVELS, ALERT_LEVEL_LABELS_ZH],
  ['alert state', ALERT_STATES, ALERT_STATE_LABELS_ZH],
];

describe('labels (@app/milestones/labels)', () => {
  it.each(MAPS)('names every %s code and nothing else', (_name, codes, labels) => {
    expect(Object.keys(labels).sort()).toEqual([...codes].sort());
    for (const label of Object.values(labels)) {
      const texts = typeof label === 'string' ? [label] : Object.values(label as Record<string, string>);
      for (const t of texts) expect(t.trim()).not.toBe('');
    }
  });

  it('gives every command its own URL segment (one path segment, lower-case)', () => {
    const segments = MILESTONE_COMMAND_TYPES.map((t) => MILESTONE_COMMAND_LABELS[t].segment);
    expect(new Set(segments).size).toBe(segments.length);
    for (const s of segments) expect(s).toMatch(/^[a-z]+(?:-[a-z]+)*$/);
  });

  it('is importable by the browser: no file of the folder imports anything', () => {
    const dir = __dirname;
    for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.ts') && !n.endsWith('.spec.ts'))) {
      const imports = fs.readFileSync(path.join(dir, f), 'utf8').match(/^import .* from '([^']+)'/gm) ?? [];
      expect({ file: f, imports }).toEqual({ file: f, imports: [] });
    }
  });
});
