import { COMMAND_EVENT_TYPES, isMilestoneEventType, MILESTONE_EVENT_TYPES } from './milestone-events.codec';
import {
  MILESTONE_EVENT_LABELS_ZH,
  MILESTONE_EVENT_ROUTING,
  milestoneIdFromStreamId,
  milestoneStreamId,
} from './milestone.events';

describe('milestone streams and event types', () => {
  it('names the stream after the milestone and reads the id back', () => {
    expect(milestoneStreamId('sanqu-2020.T05-2021')).toBe('milestone-sanqu-2020.T05-2021');
    expect(milestoneIdFromStreamId('milestone-sanqu-2020.T05-2021')).toBe('sanqu-2020.T05-2021');
    expect(milestoneIdFromStreamId('alert-x')).toBeNull();
    expect(milestoneIdFromStreamId('milestone-')).toBeNull();
  });

  it('recognises exactly the event types of the union', () => {
    // The labels are a record over the union (the compiler wants each type once, and no other).
    expect([...MILESTONE_EVENT_TYPES].sort()).toEqual(Object.keys(MILESTONE_EVENT_LABELS_ZH).sort());
    expect(new Set(MILESTONE_EVENT_TYPES).size).toBe(MILESTONE_EVENT_TYPES.length);
    for (const type of MILESTONE_EVENT_TYPES) expect(isMilestoneEventType(type)).toBe(true);
    expect(isMilestoneEventType('CompletionAccepted')).toBe(true);
    expect(isMilestoneEventType('toString')).toBe(false);
    expect(isMilestoneEventType('AlertRaised')).toBe(false);
  });

  it('routes every event of a command, and none of the plan import, by its type', () => {
    expect(Object.keys(MILESTONE_EVENT_ROUTING).sort()).toEqual([...COMMAND_EVENT_TYPES].sort());
    expect(COMMAND_EVENT_TYPES).not.toContain('MilestonePlanned');
    expect(COMMAND_EVENT_TYPES).toContain('ProgressReported');
  });
});
