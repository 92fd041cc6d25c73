import { isMilestoneEventType, MILESTONE_EVENT_TYPES } from './milestone-events.codec';
import { milestoneIdFromStreamId, milestoneStreamId } from './milestone.events';

describe('milestone streams and event types', () => {
  it('names the stream after the milestone and reads the id back', () => {
    expect(milestoneStreamId('sanqu-2020.T05-2021')).toBe('milestone-sanqu-2020.T05-2021');
    expect(milestoneIdFromStreamId('milestone-sanqu-2020.T05-2021')).toBe('sanqu-2020.T05-2021');
    expect(milestoneIdFromStreamId('alert-x')).toBeNull();
    expect(milestoneIdFromStreamId('milestone-')).toBeNull();
  });

  it('recognises exactly the event types of the union', () => {
    expect(MILESTONE_EVENT_TYPES).toHaveLength(12);
    expect(isMilestoneEventType('CompletionAccepted')).toBe(true);
    expect(isMilestoneEventType('toString')).toBe(false);
    expect(isMilestoneEventType('AlertRaised')).toBe(false);
  });
});
