import { ApiHeader } from '@nestjs/swagger';
import type { OpenAPIObject } from '@nestjs/swagger';
import { parametersOf } from './route-errors';

const IDEMPOTENT_REPLAYED = 'IdempotentReplayed';

/** The request header `Idempotency-Key` of a command route, described once for all of them. */
export const ApiIdempotencyKey = (): MethodDecorator =>
  ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'Same key + same body → the first response (a success or a refusal), nothing written again (with ' +
      '`Idempotent-Replayed: true`); ' +
      'same key + other body → 422',
  });

/** Answered before a command runs (the token, the body's size and type, the rate): never a stored answer. */
const NEVER_REPLAYED = new Set(['401', '413', '415', '429']);

/**
 * The answer's `Idempotent-Replayed` on every operation that takes an Idempotency-Key, declared once as a component:
 * true when another request with the key did the command (the idempotency service and the command handlers decide),
 * on a success and on a refusal the command itself may answer (stored for the key, replayed as it was).
 */
export function addIdempotentReplayed(document: OpenAPIObject): void {
  document.components = {
    ...document.components,
    headers: {
      ...document.components?.headers,
      [IDEMPOTENT_REPLAYED]: {
        description:
          '`true` when another request with the same Idempotency-Key did the command: this is its response (a ' +
          'success or a 4xx refusal), stored, ' +
          "or (not stored: a milestone command's success, which its own record answers; the first request died, or " +
          'its response could not be kept) the command run again and found already recorded, nothing written. ' +
          'Absent when this request recorded it',
        schema: { type: 'string', enum: ['true'] },
      },
    },
  };
  for (const item of Object.values(document.paths)) {
    for (const op of [item.get, item.put, item.post, item.delete, item.patch]) {
      if (!op) continue;
      const keyed = parametersOf(document, op).some(
        (p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key',
      );
      if (!keyed) continue;
      for (const [status, response] of Object.entries(op.responses)) {
        if (!/^[24]\d\d$/.test(status) || NEVER_REPLAYED.has(status) || !response || '$ref' in response)
          continue;
        response.headers = {
          ...response.headers,
          'Idempotent-Replayed': { $ref: `#/components/headers/${IDEMPOTENT_REPLAYED}` },
        };
      }
    }
  }
}
