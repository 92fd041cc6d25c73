import { UNIT_ROLES } from '@app/read-models';

/**
 * What documents a unit's role (lead 牵头 or cooperating 配合): the schema `UnitRole`, named once. Its description is
 * the schema's own (`enumSchema`), not that of the first property naming it.
 */
export const UNIT_ROLE = {
  enum: UNIT_ROLES,
  enumName: 'UnitRole',
  enumSchema: { description: 'lead (牵头: the unit answers for it) or cooperating (配合)' },
};
