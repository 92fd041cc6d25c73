import type { FixedClock } from '@app/platform';
import type { DatabaseClock } from '@app/reports/testing';
import type { TestApp } from './test-app';

/** A milestone of the seed plan by its id within the plan. */
export const M = (id: string) => `sanqu-2020.${id}`;

/** The evidence every completion of the scenario attaches. */
export const EVIDENCE = [{ name: '佐证材料.pdf', sha256: 'b'.repeat(64) }];

/** The steps the retrospective scenario is written in: move both clocks, POST a milestone command. */
export function scenarioSteps(t: TestApp, clock: FixedClock, dbClock: DatabaseClock) {
  /** Both clocks: the service's and the database's (recorded_at). */
  const at = async (instant: string): Promise<void> => {
    clock.set(instant);
    await dbClock.set(instant);
  };
  const post = async (token: string, p: string, body: object, status = 200): Promise<void> => {
    const r = await t.request('POST', p, { token, body });
    expect({ p, status: r.status, body: r.status === status ? undefined : r.body }).toEqual({
      p,
      status,
      body: undefined,
    });
  };
  const ms = (id: string, action: string) => `/api/v1/milestones/${M(id)}/${action}`;
  return { at, post, ms };
}
