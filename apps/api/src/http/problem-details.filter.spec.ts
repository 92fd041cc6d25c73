import { DatabaseError } from 'pg';
import { QueryFailedError } from 'typeorm';
import { ProblemDetailsFilter } from './problem-details.filter';

const filter = new ProblemDetailsFilter();

describe('ProblemDetailsFilter: outages against bugs', () => {
  it('answers a database outage 503 DATABASE_UNAVAILABLE with its reason and no server message', () => {
    const full = new DatabaseError(
      'could not extend file "base/16384/16386": No space left on device',
      0,
      'error',
    );
    full.code = '53100';
    const p = filter.toProblem(new QueryFailedError('SELECT * FROM pm_append($1)', [], full));
    expect(p).toMatchObject({ status: 503, code: 'DATABASE_UNAVAILABLE', reason: 'disk_full' });
    expect(JSON.stringify(p)).not.toMatch(/base\/16384|pm_append/);

    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const q = filter.toProblem(refused);
    expect(q).toMatchObject({ status: 503, code: 'DATABASE_UNAVAILABLE', reason: 'unreachable' });
    expect(JSON.stringify(q)).not.toMatch(/127\.0\.0\.1|5432/);
  });

  it('keeps a bug a 500', () => {
    const dup = new DatabaseError('duplicate key value violates unique constraint', 0, 'error');
    dup.code = '23505';
    expect(filter.toProblem(new QueryFailedError('INSERT …', [], dup))).toMatchObject({
      status: 500,
      code: 'INTERNAL_ERROR',
    });
    expect(filter.toProblem(new TypeError('x is undefined'))).toMatchObject({ status: 500 });
  });
});
