import { SetMetadata } from '@nestjs/common';

/** The metadata key of @MayNotFind (read by the OpenAPI rule set, route-errors.ts). */
export const MAY_NOT_FIND = 'pm:may-not-find';

/**
 * By parameter name, the thing a route looks up by it and may not find, as `CODE: what` (e.g.
 * `{ id: 'MILESTONE_NOT_FOUND: no such milestone' }`): the document lists 404 for such a route, and only for it.
 * On a handler or its controller (the handler's wins). A parameter that is only checked for its form (a year, a
 * date) is no lookup: a bad one is 400.
 */
export const MayNotFind = (lookups: Readonly<Record<string, string>>): MethodDecorator & ClassDecorator =>
  SetMetadata(MAY_NOT_FIND, lookups);

/** `?plan=` (or the first plan imported, without it). */
export const PLAN_LOOKUP = {
  plan: 'PLAN_NOT_FOUND: no such plan, or NO_PLAN_IMPORTED: none given and none imported yet',
} as const;
export const MILESTONE_LOOKUP = { id: 'MILESTONE_NOT_FOUND: no such milestone' } as const;
export const UNIT_LOOKUP = { id: 'UNIT_NOT_FOUND: no such unit' } as const;
