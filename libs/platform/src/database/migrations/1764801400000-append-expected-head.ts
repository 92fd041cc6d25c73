import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appendBatch1764800500000, HEAD_CHECK_1764801400000 } from '../append-functions';

/**
 * An append may name the stream's head it expects (`{version, eventId}`, the port's `ExpectedHead`): a unit's request
 * with `head` is refused as a wrong expected version (PM001, the current version in DETAIL) when another event than
 * `head` stands at the expected version. `pm_append` then checks the version itself as before, so a stream that moved
 * on is refused there. The check runs under the append lock, and only when the request's events are new: a retry
 * whose events are already stored gets its first result from `pm_append`, as with any other expectation.
 *
 * Callers that keep a stream's fold (the command handler) append with the head of their fold instead of reading the
 * stream first: a stream changed underneath (a store restored into a running process) is noticed here.
 */
export class AppendExpectedHead1764801400000 implements MigrationInterface {
  name = 'AppendExpectedHead1764801400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(appendBatch1764800500000(HEAD_CHECK_1764801400000));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(appendBatch1764800500000(''));
  }
}
