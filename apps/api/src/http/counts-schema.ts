import type { ApiPropertyOptions } from '@nestjs/swagger';

/** A required property holding a count per value of an enumeration (every value present), e.g. per lifecycle. */
export function countsOf(values: readonly string[], description?: string): ApiPropertyOptions {
  return {
    type: 'object',
    properties: Object.fromEntries(values.map((v) => [v, { type: 'integer' as const }])),
    required: [...values],
    selfRequired: true,
    ...(description !== undefined ? { description } : {}),
  };
}
