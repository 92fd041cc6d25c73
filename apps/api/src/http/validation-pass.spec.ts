import { ValidationPipe } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { AppError } from '@app/platform';
import {
  AcknowledgeAlertDto,
  ListAlertsQuery,
  ListDeliveriesQuery,
  ScanAlertsDto,
} from '../alerts/alerts.dto';
import { MILESTONE_COMMAND_ROUTES } from '../milestones/milestone-command.dto';
import { MilestoneListQueryDto } from '../read-models/read-models.dto';
import { createValidationPipe, validationPipeOptions } from './validation';

type Dto = new () => object;

/** What a caller gets for a value: the DTO instance (its class and fields) or the 400's field errors. */
async function outcome(pipe: ValidationPipe, metatype: Dto, value: unknown, type: 'body' | 'query') {
  try {
    const r = (await pipe.transform(value, { type, metatype })) as object;
    return { accepted: r.constructor.name, fields: { ...r } };
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return { refused: e.message, zh: e.messageZh, field: e.field, details: e.details };
  }
}

/** Values a field of any type may be sent: right and wrong types, bounds, control characters, nested, null. */
const POOL: unknown[] = [
  undefined,
  null,
  true,
  0,
  1,
  -1,
  50,
  100,
  101,
  12.5,
  1e12,
  2e12,
  -2e12,
  '',
  'x',
  '长'.repeat(5001),
  'a\u0007b',
  'line\nbreak',
  '2021-06-30',
  '2021-02-30',
  '2021-06-30T09:00:00+08:00',
  '2021-06-30T09:00:00',
  '12',
  'abc',
  'a'.repeat(64),
  'u-taishan-gov',
  [],
  [{ metric: 'm', actual: 1 }],
  { a: 1 },
];

function seeded(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

/**
 * Values around a valid one: it, each field left out or sent as each value of the pool, unknown and stripped keys
 * added, and random mixes of the pool over the DTO's own fields.
 */
function values(metatype: Dto, valid: Record<string, unknown>): unknown[] {
  const names = [
    ...new Set(
      getMetadataStorage()
        .getTargetValidationMetadatas(metatype, '', false, false)
        .map((m) => m.propertyName),
    ),
  ];
  const out: unknown[] = [valid, {}, null, undefined, 'text', [], JSON.parse('{"__proto__": {"x": 1}}')];
  for (const name of names) {
    const { [name]: _, ...without } = valid;
    out.push(without, ...POOL.map((v) => ({ ...valid, [name]: v })));
  }
  for (const key of ['colour', 'constructor', 'prototype']) out.push({ ...valid, [key]: 'x' });
  const random = seeded(names.length * 7919);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  for (let i = 0; i < 200; i++) {
    const v: Record<string, unknown> = {};
    for (const name of names) if (random() < 0.75) v[name] = pick(POOL);
    out.push(v);
  }
  return out;
}

const SHA = 'a'.repeat(64);
/** A valid value of each DTO checked. */
const CASES: [string, Dto, 'body' | 'query', Record<string, unknown>][] = [
  ['ReportProgress', MILESTONE_COMMAND_ROUTES.ReportProgress.body, 'body', { percent: 40, narrative: 'x' }],
  [
    'ReportDelay',
    MILESTONE_COMMAND_ROUTES.ReportDelay.body,
    'body',
    { reason: 'r', forecastDate: '2021-06-30' },
  ],
  [
    'SubmitCompletion',
    MILESTONE_COMMAND_ROUTES.SubmitCompletion.body,
    'body',
    { completedOn: '2021-06-30', narrative: 'x', evidence: [{ name: 'a.pdf', sha256: SHA }] },
  ],
  ['AcceptCompletion', MILESTONE_COMMAND_ROUTES.AcceptCompletion.body, 'body', { note: 'n' }],
  ['ReturnCompletion', MILESTONE_COMMAND_ROUTES.ReturnCompletion.body, 'body', { reason: 'r' }],
  [
    'RebaselineDueDate',
    MILESTONE_COMMAND_ROUTES.RebaselineDueDate.body,
    'body',
    { reason: 'r', newDueDate: '2021-06-30' },
  ],
  [
    'ReviseIndicatorTarget',
    MILESTONE_COMMAND_ROUTES.ReviseIndicatorTarget.body,
    'body',
    { reason: 'r', metric: 'm', newTarget: 5 },
  ],
  ['CancelMilestone', MILESTONE_COMMAND_ROUTES.CancelMilestone.body, 'body', { reason: 'r' }],
  ['ScanAlertsDto', ScanAlertsDto, 'body', { asOf: '2021-06-30' }],
  ['AcknowledgeAlertDto', AcknowledgeAlertDto, 'body', { note: 'n' }],
  ['ListAlertsQuery', ListAlertsQuery, 'query', {}],
  ['ListDeliveriesQuery', ListDeliveriesQuery, 'query', {}],
  ['MilestoneListQueryDto', MilestoneListQueryDto, 'query', {}],
];

describe('the validation pipe answers as Nest’s ValidationPipe with the same options', () => {
  it.each(CASES)(
    '%s: every value accepted or refused alike, the same instance or the same 400',
    async (_, dto, type, valid) => {
      const ours = createValidationPipe();
      const nest = new ValidationPipe(validationPipeOptions());
      let accepted = 0;
      for (const value of values(dto, valid)) {
        const copy = value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);
        const [a, b] = [await outcome(ours, dto, value, type), await outcome(nest, dto, copy, type)];
        expect({ value, outcome: a }).toEqual({ value, outcome: b });
        if ('accepted' in a) accepted++;
      }
      expect(accepted).toBeGreaterThan(1); // valid values too, not only refusals
    },
  );

  it('a valid progress report is an instance of its DTO with the fields sent', async () => {
    const dto = MILESTONE_COMMAND_ROUTES.ReportProgress.body;
    const r = (await createValidationPipe().transform(
      { percent: 40, narrative: '已开工' },
      { type: 'body', metatype: dto },
    )) as object;
    expect(r).toBeInstanceOf(dto);
    expect({ ...r }).toEqual({ percent: 40, narrative: '已开工' });
  });
});
