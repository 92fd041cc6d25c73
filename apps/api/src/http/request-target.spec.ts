import { requestTargetProblem } from './request-target';

/** What `requestTargetProblem` finds in a request target: undefined (pass) or its error's code and field. */
function check(url: string): { code: string; field: string | undefined } | undefined {
  const problem = requestTargetProblem({ httpVersion: '1.1', headers: { host: 'localhost' } }, url);
  return problem === null ? undefined : { code: problem.code, field: problem.field };
}

describe('requestTargetProblem', () => {
  it('passes plain targets and well-encoded UTF-8', () => {
    expect(check('/api/v1/milestones/T01-2021/progress')).toBeUndefined();
    expect(
      check('/api/v1/milestones?zone=%E5%A4%A7%E5%B9%BF%E6%B5%B7%E6%B9%BE%E5%8C%BA&q=a+b'),
    ).toBeUndefined();
  });

  it('refuses what does not decode, or decodes to a control character, in the path or the query', () => {
    expect(check('/api/v1/milestones/%FF')).toEqual({ code: 'MALFORMED_PATH', field: 'path' });
    expect(check('/api/v1/milestones/a%00b')).toEqual({ code: 'PATH_INVALID_CHARACTERS', field: 'path' });
    expect(check('/api/v1/milestones/a\u007fb')).toEqual({ code: 'PATH_INVALID_CHARACTERS', field: 'path' });
    expect(check('/api/v1/milestones?q=%E4%B8')).toEqual({ code: 'MALFORMED_QUERY', field: 'q' });
    expect(check('/api/v1/milestones?q=%0A')).toEqual({ code: 'QUERY_INVALID_CHARACTERS', field: 'q' });
  });
});
