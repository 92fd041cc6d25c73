import { applyDecorators, type Type } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiResponse } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ifMatchTag } from '../http/if-match';

/**
 * Optimistic concurrency of the contact and robot lists, the HTTP way: GET and PUT answer the list's `ETag` (a
 * strong tag of the rows as shown, `contactsTag` / `robotsTag`); a PUT with `If-Match` applies only to that list.
 */
const LIST_TAG = { en: 'the ETag the list was loaded with, e.g. "q3…"', zh: '载入名单时得到的 ETag' };

/** The tag an `If-Match` names (undefined without one); a malformed one is INVALID_IF_MATCH (400). */
export const listIfMatch = (value: string | undefined): string | undefined => ifMatchTag(value, LIST_TAG);

/** Sets the list's `ETag` and answers the list. */
export function withListTag<T>(res: FastifyReply, tag: string, list: T): T {
  res.header('ETag', `"${tag}"`);
  return list;
}

const ETAG = {
  ETag: {
    description: 'the list’s entity tag (strong): send it as If-Match with the next PUT',
    schema: { type: 'string' },
  },
};

/** The OpenAPI of a list's GET (`put` false) or PUT: its type and ETag; for a PUT, If-Match and the 412. */
export const ListDocs = (type: Type<unknown>, put: boolean): MethodDecorator =>
  applyDecorators(
    ApiOkResponse({ type: [type], headers: ETAG }),
    ...(put
      ? [
          ApiHeader({
            name: 'If-Match',
            required: false,
            description:
              'the ETag the list was loaded with: when the list has changed since (and this PUT would change it), ' +
              '412 LIST_CHANGED and nothing is written; without it the list is replaced as it is',
          }),
          ApiResponse({
            status: 412,
            description:
              'LIST_CHANGED: the list was changed by someone else since that ETag; nothing written',
          }),
        ]
      : []),
  );
