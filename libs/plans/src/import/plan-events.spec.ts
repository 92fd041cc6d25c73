import { PLAN_EVENTS, PLAN_IMPORTED } from './plan-events';

describe('PLAN_EVENTS (stored plan imports, decoded)', () => {
  it('reads a model written before it listed zones and sections as having none', () => {
    const data = {
      planKey: 'p',
      title: '计划',
      documentSha256: 'ab',
      sourceName: null,
      milestoneCount: 0,
      model: {
        planKey: 'p',
        title: '计划',
        source: { name: null, sha256: 'ab', lineCount: 1 },
        units: [],
        tasks: [],
      },
    };
    const d = PLAN_EVENTS.expect({ type: PLAN_IMPORTED, data }).data;
    expect(d.model).toMatchObject({ zones: [], sections: [], units: [], tasks: [], findings: [] });
  });

  it('rejects an import without its model', () => {
    expect(() =>
      PLAN_EVENTS.expect({ type: PLAN_IMPORTED, data: { planKey: 'p' }, streamId: 'plan-p' }),
    ).toThrow(
      'Stored event plan-p@? is not a valid PlanImported (plan events): field "title" is missing, not string',
    );
  });
});
