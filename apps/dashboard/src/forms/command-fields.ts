/**
 * A sent field as the form shows it, read from the tables (`command-shapes.ts`): how it is filled in, what the
 * command calls it, its label.
 */
import type { FieldSpec } from './command-shape.types';
import { SENT_FIELDS, type SentField, type SentFieldName } from './command-shapes';

export const SENT_FIELD_NAMES = Object.keys(SENT_FIELDS) as SentFieldName[];

export function fieldSpec(name: SentFieldName): FieldSpec {
  return SENT_FIELDS[name];
}

/** What the command calls the field (its messages use it), e.g. 延期原因 for a delay's reason. */
export function fieldNameZh(field: SentField): string {
  return field.zh ?? fieldSpec(field.name).zh ?? '';
}

/** The field's label on the form: its name, then `（可选）` (or the command's note) and the field's suffix. */
export function fieldLabelZh(field: SentField): string {
  const note = field.note ?? (field.optional ? '（可选）' : '');
  return `${fieldNameZh(field)}${note}${fieldSpec(field.name).suffix ?? ''}`;
}
