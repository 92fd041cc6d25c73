import { describe, expect, it } from '@jest/globals';
import { commandsFor, ownAssignment } from './assignment-choice';

const SHARES = [
  { key: 'gov-pengjiang', leadUnits: ['gov-pengjiang'] },
  { key: 'gov-taishan', leadUnits: ['gov-taishan'] },
];
const PLAN = { leadUnits: ['gov-pengjiang', 'gov-taishan'], cooperatingUnits: ['dept-transport'] };

describe('the assignment a command is for, and the commands offered', () => {
  it('a reporter of a lead unit acts on its own share; others (and single-assignment milestones) choose', () => {
    expect(ownAssignment(SHARES, { role: 'reporter', unit: 'gov-taishan' })).toBe('gov-taishan');
    expect(ownAssignment(SHARES, { role: 'reporter', unit: 'dept-transport' })).toBeNull();
    expect(ownAssignment(SHARES, { role: 'supervisor', unit: null })).toBeNull();
    expect(ownAssignment(SHARES.slice(0, 1), { role: 'reporter', unit: 'gov-pengjiang' })).toBeNull();
  });

  it('by the lifecycles concerned: 销号/退回 while one awaits verification, nothing on closed shares', () => {
    const reporter = { role: 'reporter' as const, unit: 'gov-taishan' };
    const office = { role: 'supervisor' as const, unit: null };
    expect(commandsFor(reporter, PLAN, ['in_progress'])).toEqual(['progress', 'delays', 'completion']);
    expect(commandsFor(reporter, PLAN, ['accepted'])).toEqual([]);
    expect(commandsFor({ role: 'reporter', unit: 'dept-transport' }, PLAN, ['planned'])).toEqual([
      'progress',
      'delays',
    ]);
    expect(commandsFor(office, PLAN, ['accepted', 'submitted'])).toEqual([
      'acceptance',
      'return',
      'rebaseline',
    ]);
    expect(commandsFor(office, PLAN, ['accepted', 'in_progress'])).toEqual(['rebaseline']);
    expect(commandsFor({ role: 'viewer', unit: null }, PLAN, ['in_progress'])).toEqual([]);
  });
});
