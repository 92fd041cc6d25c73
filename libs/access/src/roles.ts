/** Roles: admin (everything), supervisor (督查室: accept, return, rebaseline, cancel, read all), reporter (one unit), viewer. */
export const ROLES = ['admin', 'supervisor', 'reporter', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS_ZH: Record<Role, string> = {
  admin: '系统管理员',
  supervisor: '督查室',
  reporter: '责任单位填报员',
  viewer: '只读用户',
};

/** The caller of a request, from its token. */
export interface RequestActor {
  readonly tokenId: string;
  readonly tokenName: string;
  readonly role: Role;
  /** Unit id, for reporters. */
  readonly unit?: string;
}
