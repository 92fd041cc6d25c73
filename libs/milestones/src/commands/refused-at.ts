import { AppError } from '@app/platform';
import { MilestoneError } from '../domain/milestone.errors';

/**
 * The one rule of which refusals say where the stream is now. A conflict (409) decided on the stream as read (its
 * lifecycle does not take the command: the catalogue's kind `conflict`, MILESTONE_CANCELLED …
 * COMPLETION_NOT_SUBMITTED; or it is not at the If-Match version: WRONG_EXPECTED_VERSION) gets `details.position`:
 * the global position of the stream's last event it was decided on. A client that reads with that position as
 * `X-Min-Position` sees the state that refused it. Anything else, or a stream without events, is returned as it is.
 */
export function refusedAt(e: unknown, position: number | undefined): unknown {
  if (position === undefined || !(e instanceof AppError) || e.kind !== 'conflict') return e;
  if (e instanceof MilestoneError) return e.withDetails({ position });
  // Another AppError (the If-Match check's WrongExpectedVersionError): the same error, its details with it.
  const details = {
    value: { ...e.details, position },
    enumerable: true,
    writable: false,
    configurable: true,
  };
  return Object.create(Object.getPrototypeOf(e) as object, {
    ...Object.getOwnPropertyDescriptors(e),
    details,
  }) as AppError;
}
