// The test milestone's id, units, metric and evidence hash, and its actors: what the event and command builders use.
import type { MilestoneActor } from '../milestone.commands';

export const TEST_MILESTONE_ID = 'sanqu-2020.T05-2021';
export const TEST_LEAD_UNIT = 'u-transport';
export const TEST_COOPERATING_UNIT = 'u-dpc';
const TEST_OTHER_UNIT = 'u-culture';
export const TEST_METRIC = '引进投资超亿元产业项目';
/** A SHA-256 of nothing in particular. */
export const TEST_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export const testActors = {
  admin: { role: 'admin' },
  supervisor: { role: 'supervisor' },
  leadReporter: { role: 'reporter', unit: TEST_LEAD_UNIT },
  cooperatingReporter: { role: 'reporter', unit: TEST_COOPERATING_UNIT },
  otherReporter: { role: 'reporter', unit: TEST_OTHER_UNIT },
  viewer: { role: 'viewer' },
} as const satisfies Record<string, MilestoneActor>;
