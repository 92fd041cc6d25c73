import { ValidationPipe } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { AppError } from '@app/platform';
import { createValidationPipe, validationPipeOptions } from '../validation';

/**
 * The validation pipe (validation.ts, with its pass check) against Nest's ValidationPipe built with the same
 * options: what a caller gets for many values of a DTO, and how many of them the pass check accepted alone.
 * Used by validation-pass.spec.ts (the app's DTOs) and validation-pass-rules.spec.ts (made-up DTOs).
 */
export type Dto = new () => object;
export type In = 'body' | 'query';

/** What a caller gets for a value: the DTO instance (its class and fields) or the 400's field errors. */
async function outcome(pipe: ValidationPipe, metatype: Dto, value: unknown, type: In) {
  try {
    const r = (await pipe.transform(value, { type, metatype })) as object;
    return { accepted: r.constructor.name, fields: { ...r } };
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return { refused: e.message, zh: e.messageZh, field: e.field, details: e.details };
  }
}

/** Values a body field of any type may be sent: right and wrong types, bounds, control characters, nested, null. */
export const BODY_POOL: readonly unknown[] = [
  ...[undefined, null, true, 0, 1, -1, 50, 100, 101, 12.5, 1e12, 2e12, -2e12],
  ...['', 'x', '长'.repeat(5001), 'a\u0007b', 'line\nbreak', '2021-06-30', '2021-02-30'],
  ...['2021-06-30T09:00:00+08:00', '2021-06-30T09:00:00', '12', 'abc', 'a'.repeat(64), 'u-taishan-gov'],
  ...[[], [{ metric: 'm', actual: 1 }], { a: 1 }],
];

/** Values a query field may be sent (strings, a repeated name's array of them) on top of the body's. */
export const QUERY_POOL: readonly unknown[] = [
  ...['0', '-1', '100', '101', '1e3', 'true', 'null', ' ', 'a,b', 'a,,b', ',', 'sanqu-2020', 'x'.repeat(101)],
  ...['2021-07-03', 'count', 'date', 'admin', 'u-admin', 'json', ['a', 'b'], ['']],
];

function seeded(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

/**
 * Values around a valid one: it, each field left out or sent as each value of the pool, unknown and stripped keys
 * added, and random mixes of the pool over the DTO's own fields (those of any group).
 */
function values(metatype: Dto, valid: Record<string, unknown>, pool: readonly unknown[]): unknown[] {
  const names = [
    ...new Set(
      getMetadataStorage()
        .getTargetValidationMetadatas(metatype, '', true, false)
        .map((m) => m.propertyName),
    ),
  ];
  const out: unknown[] = [valid, {}, null, undefined, 'text', [], JSON.parse('{"__proto__": {"x": 1}}')];
  for (const name of names) {
    const { [name]: _, ...without } = valid;
    out.push(without, ...pool.map((v) => ({ ...valid, [name]: v })));
  }
  for (const key of ['colour', 'constructor', 'prototype']) out.push({ ...valid, [key]: 'x' });
  const random = seeded(names.length * 7919);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  for (let i = 0; i < 200; i++) {
    const v: Record<string, unknown> = {};
    for (const name of names) if (random() < 0.75) v[name] = pick(pool);
    out.push(v);
  }
  return out;
}

/**
 * Every value answered alike by both pipes (the same instance or the same 400, `toStrictEqual`); returns how many
 * were accepted and how many of those the pass check accepted alone (the pipe's class-validator run not called).
 */
export async function compareWithNest(
  dto: Dto,
  type: In,
  valid: Record<string, unknown>,
  {
    pool = type === 'query' ? [...BODY_POOL, ...QUERY_POOL] : BODY_POOL,
    options = validationPipeOptions(),
  } = {},
): Promise<{ accepted: number; fast: number }> {
  const ours = createValidationPipe(options);
  const nest = new ValidationPipe(options);
  const validate = jest.spyOn(ours as unknown as { validate: () => unknown }, 'validate');
  let accepted = 0;
  let fast = 0;
  for (const value of values(dto, valid, pool)) {
    const calls = validate.mock.calls.length;
    const a = await outcome(ours, dto, value, type);
    const b = await outcome(nest, dto, structuredClone(value), type);
    expect({ value, outcome: a }).toStrictEqual({ value, outcome: b });
    if ('accepted' in a) {
      accepted++;
      if (validate.mock.calls.length === calls) fast++;
    }
  }
  return { accepted, fast };
}
