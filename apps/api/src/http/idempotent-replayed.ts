import type { Response } from 'express';
import { AppError } from '@app/platform';

/** Marks an answer as another request's with the same Idempotency-Key (its stored answer, or its command found). */
export function markReplayed(res: Response): void {
  res.setHeader('Idempotent-Replayed', 'true');
}

/** A 4xx problem answered again from an Idempotency-Key's stored answer: the problem filter marks it replayed. */
export class ReplayedProblem extends AppError {}
