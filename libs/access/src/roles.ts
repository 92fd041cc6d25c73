import type { ActorRole } from '@app/milestones/labels';

/**
 * Roles: admin (everything), supervisor (督查室: accept, return, rebaseline, cancel, read all), reporter (one unit),
 * viewer. The list and its names are the labels module's (`ACTOR_ROLES`, `ACTOR_ROLE_LABELS_ZH`).
 */
export { ACTOR_ROLES as ROLES } from '@app/milestones/labels';
export type Role = ActorRole;

/** The caller of a request, from its token. */
export interface RequestActor {
  readonly tokenId: string;
  readonly tokenName: string;
  readonly role: Role;
  /** Unit id, for reporters. */
  readonly unit?: string;
}
