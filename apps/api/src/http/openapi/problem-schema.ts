import type { ContentObject, SchemaObject } from '@nestjs/swagger';

/** The component name every error response of the document refers to. */
export const PROBLEM_DETAILS = 'ProblemDetails';
export const PROBLEM_JSON = 'application/problem+json';

const text = (description: string): SchemaObject => ({ type: 'string', description });

/**
 * What ProblemDetailsFilter (and the HTTP parser's `clientError` answer) sends: RFC 7807 members, the stable
 * `code`, both languages, the field at fault and, for a validation failure, one entry per broken rule. Facts of
 * one error (`details` of an AppError: `known`, `currentVersion`, `requiredRoles`, …) are members of their own.
 */
export const PROBLEM_DETAILS_SCHEMA: SchemaObject = {
  type: 'object',
  description:
    'RFC 7807 problem details. Besides the members listed, an error may add facts of its own as members ' +
    '(e.g. `currentVersion` on a version conflict, `requiredRoles` and `role` on FORBIDDEN_ROLE, `known` on ' +
    'ASSIGNMENT_REQUIRED, `retryAfterSeconds` on MILESTONE_BUSY and STANDING_ITEM_BUSY).',
  required: ['type', 'title', 'status', 'code', 'detail', 'detailZh'],
  properties: {
    type: text('urn:progress-monitor:problem:<code in lower case, - for _>'),
    title: text('the HTTP status phrase, e.g. Not Found'),
    status: { type: 'integer', description: 'the HTTP status, as sent' },
    code: text('stable machine-readable code, e.g. VALIDATION_FAILED, TOKEN_REQUIRED, MILESTONE_NOT_FOUND'),
    detail: text('what went wrong, in English'),
    detailZh: text('what went wrong, in Chinese (zh-CN), for people'),
    instance: text('the request target that failed'),
    field: text('the field, parameter or header at fault (e.g. `unit`, `If-Match`, `X-Min-Position`)'),
    errors: {
      type: 'array',
      description: 'VALIDATION_FAILED: every rule the request broke',
      items: {
        type: 'object',
        required: ['field', 'code', 'message', 'messageZh'],
        properties: {
          field: text('the field, e.g. `evidence[0].sha256`'),
          code: text('the broken rule, e.g. isInt, isNotEmpty'),
          message: text('in English'),
          messageZh: text('in Chinese'),
        },
      },
    },
    position: {
      type: 'integer',
      description:
        'a 409 because the milestone (or standing item) changed meanwhile (a lifecycle conflict, or ' +
        'WRONG_EXPECTED_VERSION of a milestone command’s If-Match): the global position of the last event of its ' +
        'stream the refusal was decided on; use it in X-Min-Position to read what refused the command. ' +
        '(TEXT_INVALID_CHARACTERS: the place of the character in the text.)',
    },
    known: {
      description:
        'the values that would have been accepted: a comma-separated string (milestone and plan errors) or a list (unknown zone, district or section filters)',
      oneOf: [
        { type: 'string' },
        { type: 'array', items: { oneOf: [{ type: 'string' }, { type: 'number' }] } },
      ],
    },
  },
  additionalProperties: true,
};

/** The content of an error response: problem+json of the component. */
export const problemContent = (): ContentObject => ({
  [PROBLEM_JSON]: { schema: { $ref: `#/components/schemas/${PROBLEM_DETAILS}` } },
});
