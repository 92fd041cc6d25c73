import type { OperationObject, ParameterObject } from '@nestjs/swagger';
import { ruleErrors } from './route-errors';

const op: OperationObject = { operationId: 'X_get', responses: {} };
const year: ParameterObject = { in: 'path', name: 'year', required: true };
const plan: ParameterObject = { in: 'query', name: 'plan', required: false };
const any = { public: false, roles: undefined };

describe('ruleErrors: 404', () => {
  it('a path parameter alone is no 404: only what @MayNotFind names, each parameter with its code', () => {
    expect(ruleErrors(op, [year, plan], { ...any, lookups: undefined })['404']).toBeUndefined();
    expect(
      ruleErrors(op, [year, plan], {
        ...any,
        lookups: { plan: 'PLAN_NOT_FOUND: no such plan' },
      })['404'],
    ).toBe('PLAN_NOT_FOUND: no such plan (`plan`)');
    expect(
      ruleErrors(op, [], {
        ...any,
        lookups: { id: 'UNIT_NOT_FOUND: no such unit', no: 'TASK_NOT_FOUND: no such task' },
      })['404'],
    ).toBe('UNIT_NOT_FOUND: no such unit (`id`); TASK_NOT_FOUND: no such task (`no`)');
  });
});
