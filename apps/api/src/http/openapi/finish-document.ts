import type { INestApplication } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { addIdempotentReplayed } from './idempotency-key';
import { nullAsBranch } from './nullable';
import { PROBLEM_DETAILS, PROBLEM_DETAILS_SCHEMA } from './problem-schema';
import { rulesByOperationId, addRuleErrors } from './route-errors';

const MIN_POSITION = 'MinPosition';
const POSITION_REACHED = 'PositionReached';

/**
 * Read-your-writes (MinPositionGuard, on every GET): the request header `X-Min-Position` and the answer's
 * `X-Position-Reached`, declared once as components and referred to by each GET.
 */
function addReadYourWrites(document: OpenAPIObject): void {
  document.components = {
    ...document.components,
    parameters: {
      ...document.components?.parameters,
      [MIN_POSITION]: {
        name: 'X-Min-Position',
        in: 'header',
        required: false,
        description:
          'read your writes: the `position` a command answered; the query waits (at most READ_YOUR_WRITES_TIMEOUT_MS) ' +
          'until every projection has reached it. Not a whole number → 400 INVALID_MIN_POSITION',
        schema: { type: 'integer', minimum: 0 },
      },
    },
    headers: {
      ...document.components?.headers,
      [POSITION_REACHED]: {
        description:
          'sent when the request carried X-Min-Position: whether every projection reached it in time',
        schema: { type: 'boolean' },
      },
    },
  };
  for (const item of Object.values(document.paths)) {
    const op = item.get;
    if (!op) continue;
    op.parameters = [...(op.parameters ?? []), { $ref: `#/components/parameters/${MIN_POSITION}` }];
    for (const [status, response] of Object.entries(op.responses)) {
      if (!/^2\d\d$/.test(status) || !response || '$ref' in response) continue;
      response.headers = {
        ...response.headers,
        'X-Position-Reached': { $ref: `#/components/headers/${POSITION_REACHED}` },
      };
    }
  }
}

/**
 * What the explorer cannot see, added to its document from one place each: the ProblemDetails body of every error
 * and the errors each route answers by rule (route-errors.ts), read-your-writes headers, the answer's
 * Idempotent-Replayed (idempotency-key.ts), and null as a branch of its own (nullable.ts).
 */
export function finishDocument(app: INestApplication, document: OpenAPIObject): OpenAPIObject {
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, [PROBLEM_DETAILS]: PROBLEM_DETAILS_SCHEMA },
  };
  addReadYourWrites(document);
  addRuleErrors(document, rulesByOperationId(app));
  addIdempotentReplayed(document); // (after the rule errors: a refusal they add may be replayed too)
  nullAsBranch(document);
  return document;
}
