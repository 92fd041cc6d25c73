import { PartialType } from '@nestjs/mapped-types';
import { Transform, Type } from 'class-transformer';
import {
  Allow,
  IsDefined,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumberString,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  MinLength,
  useContainer,
  Validate,
  ValidateIf,
  ValidateNested,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { createValidationPipe, validationPipeOptions } from './validation';
import { compareWithNest, QUERY_POOL, type Dto } from './testing/validation-compare';

// Made-up DTOs with the rules the app's DTOs do not use (yet), so the pass check is held to class-validator's
// answer for them too: each sent as query strings (and the body pool's values).

@ValidatorConstraint({ name: 'weekday' })
class IsWeekday implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return (
      typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && new Date(value).getUTCDay() % 6 !== 0
    );
  }
  defaultMessage(): string {
    return '$property must be a weekday (YYYY-MM-DD)';
  }
}

@ValidatorConstraint({ name: 'knownUnit', async: true })
class IsKnownUnit implements ValidatorConstraintInterface {
  validate(value: unknown): Promise<boolean> {
    return Promise.resolve(value === 'u-taishan-gov' || value === 'u-admin');
  }
}

/** @ValidateIf, @IsDefined, @Allow, @Validate(class), a decorator's own validateIf. */
class MeetingQuery {
  @IsIn(['count', 'date']) kind!: string;
  @ValidateIf((o: MeetingQuery) => o.kind === 'count') @Type(() => Number) @IsInt() @Min(1) count?: number;
  @IsOptional() @Validate(IsWeekday) on?: string;
  @IsDefined() @IsString({ validateIf: (_: object, v: unknown) => v !== 'null' }) plan!: string;
  @Allow() trace?: unknown;
  @IsOptional() @MaxLength(3, { validateIf: (o: MeetingQuery) => o.kind === 'date' }) note?: string;
}

/** `each` on what a @Transform made of a comma-separated string. */
class TagsQuery {
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',') : value))
  @IsNotEmpty({ each: true })
  @MaxLength(8, { each: true })
  tags?: string[];
}

/** An async constraint: class-validator decides every value. */
class UnitQuery {
  @IsString() name!: string;
  @Validate(IsKnownUnit) unit!: string;
}

/** Groups and `always`: `note` and `actor` are no class fields (an own key even when not sent), so they are
 * whitelisted only under the options that ask their constraints. */
class AuditQuery {
  @IsOptional({ always: true }) @MaxLength(20) plan?: string;
  @IsOptional({ always: true }) @IsNumberString({}, { always: true }) limit?: string;
}
IsOptional()(AuditQuery.prototype, 'note');
MaxLength(20)(AuditQuery.prototype, 'note');
IsOptional({ groups: ['admin'] })(AuditQuery.prototype, 'actor');
Matches(/^u-/, { groups: ['admin'] })(AuditQuery.prototype, 'actor');

/** Inheritance: a subclass's own constraints of a property replace its parent's; PartialType makes all optional. */
class BaseReport {
  @IsString() @MinLength(1) @MaxLength(20) reason!: string;
  @Type(() => Number) @IsInt() @Min(0) percent!: number;
}
class LooseReasonReport extends BaseReport {}
// Its own constraints of `reason`, as a redeclared decorated property would register them.
IsOptional()(LooseReasonReport.prototype, 'reason');
MaxLength(5)(LooseReasonReport.prototype, 'reason');
class PartialReport extends PartialType(BaseReport) {}

/** A nested class without @IsObject: only the nested validation refuses a string. */
class Range {
  @IsInt() from!: number;
}
class RangeQuery {
  @IsOptional() @IsString() plan?: string;
  @ValidateNested() @Type(() => Range) range?: Range;
}

const WHITELIST = validationPipeOptions();
const CASES: [string, Dto, Record<string, unknown>, typeof WHITELIST, 'some' | 'none'][] = [
  ['MeetingQuery', MeetingQuery, { kind: 'count', count: '3', plan: 'sanqu-2020' }, WHITELIST, 'some'],
  ['MeetingQuery by date', MeetingQuery, { kind: 'date', on: '2021-06-30', plan: 'null' }, WHITELIST, 'some'],
  ['TagsQuery', TagsQuery, { tags: 'a,b' }, WHITELIST, 'some'],
  ['UnitQuery (async)', UnitQuery, { name: 'n', unit: 'u-admin' }, WHITELIST, 'none'],
  ['AuditQuery', AuditQuery, { plan: 'sanqu-2020', limit: '12', note: 'n' }, WHITELIST, 'some'],
  ['AuditQuery admin', AuditQuery, { actor: 'u-admin' }, { ...WHITELIST, groups: ['admin'] }, 'some'],
  [
    'AuditQuery always',
    AuditQuery,
    { actor: 'u-1' },
    { ...WHITELIST, groups: ['admin'], always: true },
    'some',
  ],
  ['AuditQuery strict', AuditQuery, { plan: 'p', note: 'n' }, { ...WHITELIST, strictGroups: true }, 'some'],
  ['LooseReasonReport', LooseReasonReport, { reason: 'r', percent: '5' }, WHITELIST, 'some'],
  ['PartialReport', PartialReport, { percent: '5' }, WHITELIST, 'some'],
  ['RangeQuery', RangeQuery, { plan: 'p' }, WHITELIST, 'some'],
  ['skipMissingProperties', PartialReport, {}, { ...WHITELIST, skipMissingProperties: true }, 'none'],
  ['whitelist only', PartialReport, {}, { ...WHITELIST, forbidNonWhitelisted: false }, 'none'],
];

describe('the pass check answers as class-validator for the rules of made-up query DTOs', () => {
  it.each(CASES.map(([name, dto, valid, options, fast]) => ({ name, dto, valid, options, fast })))(
    '$name: every value alike; accepted by the check alone: $fast',
    async ({ dto, valid, options: o, fast }) => {
      const { accepted, fast: alone } = await compareWithNest(dto, 'query', valid, {
        pool: [...QUERY_POOL, undefined, null, 1, '', 'x', '2021-06-30'],
        options: o,
      });
      expect(accepted).toBeGreaterThan(1);
      if (fast === 'some') expect(alone).toBeGreaterThanOrEqual(1);
      else expect(alone).toBe(0);
    },
  );

  it('a @Transform that throws gives a rejected promise, as the pipe does', async () => {
    class Boom {
      @Transform(() => {
        throw new Error('boom');
      })
      @IsOptional()
      plan?: string;
    }
    let result: Promise<unknown> | undefined;
    expect(() => {
      result = createValidationPipe().transform({ plan: 'p' }, { type: 'query', metatype: Boom });
    }).not.toThrow();
    await expect(result).rejects.toThrow('boom');
  });
});

describe('a constraint class from a useContainer container', () => {
  const closed = new Set<string>();
  @ValidatorConstraint({ name: 'openDay' })
  class IsOpenDay implements ValidatorConstraintInterface {
    constructor(private readonly closedDays: ReadonlySet<string>) {}
    validate(value: unknown): boolean {
      return typeof value === 'string' && !this.closedDays.has(value);
    }
  }
  class VisitQuery {
    @Validate(IsOpenDay) day!: string;
  }
  // Each request gets the container's instance of the moment (a new one, with the closed days of then).
  beforeAll(() =>
    useContainer(
      { get: (c: unknown) => (c === IsOpenDay ? new IsOpenDay(new Set(closed)) : undefined) },
      { fallback: true },
    ),
  );
  afterAll(() => useContainer({ get: () => undefined }, { fallback: true }));

  it('is asked anew on each request: a day closed since the first is refused', async () => {
    const pipe = createValidationPipe();
    const visit = () => pipe.transform({ day: '2021-06-30' }, { type: 'query', metatype: VisitQuery });
    await expect(visit()).resolves.toBeInstanceOf(VisitQuery);
    closed.add('2021-06-30');
    await expect(visit()).rejects.toMatchObject({ code: 'VALIDATION_FAILED', field: 'day' });
  });
});
