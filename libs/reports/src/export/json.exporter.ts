import type { RetrospectiveReport } from '../retrospective/report.types';

/**
 * The review as JSON, one top-level field per line and one array element per line, produced in chunks so a
 * large review is never a single string. The text parses to exactly the report object.
 */
export function* jsonChunks(r: RetrospectiveReport): Generator<string> {
  let first = true;
  yield '{';
  for (const [key, value] of Object.entries(r)) {
    yield `${first ? '\n' : ',\n'}${JSON.stringify(key)}:`;
    first = false;
    if (Array.isArray(value)) {
      yield '[';
      let i = 0;
      for (const item of value) yield `${i++ === 0 ? '\n' : ',\n'}${JSON.stringify(item)}`;
      yield ']';
    } else {
      yield JSON.stringify(value);
    }
  }
  yield '\n}\n';
}
