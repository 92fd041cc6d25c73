import {
  getMetadataStorage,
  type MetadataStorage,
  type ValidationArguments,
  ValidationTypes,
  type ValidatorOptions,
} from 'class-validator';

/**
 * Whether class-validator would find nothing wrong with an instance of a DTO, asked of the DTO's own decorators
 * (class-validator's metadata and constraint classes: the rules have no second copy here), without building its
 * errors. The ValidationPipe (validation.ts) asks this first and returns the instance when it holds; when it does
 * not, or cannot tell, class-validator itself runs and gives the errors. It answers under the pipe's own options
 * (`passOptionsOf`: whitelist and forbidNonWhitelisted, no skip*Properties; its groups, always and strictGroups)
 * and for what it can decide as class-validator would: a flat object (no nested value to validate; `each`
 * constraints on what a @Transform made of it), synchronous constraints.
 */
export type PassCheck = (entity: object) => boolean;

/** The options that choose a DTO's metadata, as ValidationExecutor reads them from the validator options. */
export interface PassOptions {
  readonly always: boolean;
  readonly strictGroups: boolean;
  readonly groups: readonly string[] | undefined;
}

type ConstraintMetadata = ReturnType<MetadataStorage['getTargetValidatorConstraints']>[number];

interface Check {
  readonly validateIf?: ((object: object, value: unknown) => boolean) | undefined;
  readonly each: boolean;
  readonly defined: boolean;
  readonly propertyName: string;
  readonly constraints: unknown[];
  // Their `instance` is read per call, as class-validator does (a useContainer container may answer anew).
  readonly validators: ConstraintMetadata[];
}

interface Property {
  readonly name: string;
  readonly conditions: ((object: object, value: unknown) => boolean)[];
  readonly checks: Check[];
  nested: boolean;
}

/**
 * The options of a pipe's validator under which a passed check is class-validator's answer, or null when the check
 * must not be asked: without whitelist and forbidNonWhitelisted an unknown key is stripped or kept (the check
 * refuses it), and a skip*Properties option leaves constraints unasked (the check asks them all).
 * forbidUnknownValues needs nothing here (a DTO without rules gets no check), nor do stopAtFirstError,
 * validationError and dismissDefaultMessages (they shape the errors only).
 */
export function passOptionsOf(options: ValidatorOptions): PassOptions | null {
  const { whitelist, forbidNonWhitelisted } = options;
  if (!whitelist || !forbidNonWhitelisted) return null;
  if (options.skipMissingProperties || options.skipUndefinedProperties || options.skipNullProperties)
    return null;
  return { always: !!options.always, strictGroups: !!options.strictGroups, groups: options.groups };
}

const checks = new WeakMap<object, Map<string, PassCheck | null>>();

/** The check for a DTO class under these options, or null when class-validator must decide every value of it. */
export function passCheckFor(
  metatype: new (...args: never[]) => object,
  options: PassOptions,
): PassCheck | null {
  let byOptions = checks.get(metatype);
  if (!byOptions) checks.set(metatype, (byOptions = new Map<string, PassCheck | null>()));
  const key = JSON.stringify([options.always, options.strictGroups, options.groups ?? null]);
  let check = byOptions.get(key);
  if (check === undefined) {
    check = buildCheck(metatype, options);
    byOptions.set(key, check);
  }
  return check;
}

function buildCheck(metatype: new (...args: never[]) => object, options: PassOptions): PassCheck | null {
  const storage = getMetadataStorage();
  // The same question ValidationExecutor asks of a DTO (no schema name), with the pipe's options.
  const { always, strictGroups, groups } = options;
  const metadatas = storage.getTargetValidationMetadatas(
    metatype,
    undefined as unknown as string,
    always,
    strictGroups,
    groups as string[] | undefined,
  );
  if (metadatas.length === 0) return null; // forbidUnknownValues: class-validator refuses it
  const byName = new Map<string, Property>();
  for (const m of metadatas) {
    let p = byName.get(m.propertyName);
    if (!p) {
      p = { name: m.propertyName, conditions: [], checks: [], nested: false };
      byName.set(m.propertyName, p);
    }
    if (m.type === ValidationTypes.CONDITIONAL_VALIDATION) {
      p.conditions.push(m.constraints[0] as (object: object, value: unknown) => boolean);
    } else if (m.type === ValidationTypes.NESTED_VALIDATION) {
      p.nested = true;
    } else if (m.type === ValidationTypes.CUSTOM_VALIDATION || m.type === ValidationTypes.IS_DEFINED) {
      const constraints = storage.getTargetValidatorConstraints(m.constraintCls);
      if (constraints.some((c) => c.async)) return null;
      p.checks.push({
        validateIf: m.validateIf,
        each: m.each === true,
        defined: m.type === ValidationTypes.IS_DEFINED,
        propertyName: m.propertyName,
        constraints: m.constraints,
        validators: constraints,
      });
    } else if (m.type !== ValidationTypes.WHITELIST) {
      return null; // a promise validation, or a type this check does not know
    }
  }
  const properties = [...byName.values()];
  // ValidationExecutor asks a property's IS_DEFINED constraints before the others (else in metadata order).
  for (const p of properties) p.checks.sort((a, b) => Number(b.defined) - Number(a.defined));
  const targetName = metatype.name;
  return (entity) => {
    const record = entity as Record<string, unknown>;
    for (const key of Object.keys(record)) if (!byName.has(key)) return false; // forbidNonWhitelisted
    for (const p of properties) {
      const value = record[p.name];
      let validate = true; // @IsOptional, @ValidateIf: each asked, as ValidationExecutor does
      for (const condition of p.conditions) validate = !!condition(entity, value) && validate;
      if (!validate) continue;
      if (p.nested && value !== undefined) return false;
      for (const c of p.checks) {
        if (c.validateIf && !c.validateIf(entity, value)) continue;
        const args: ValidationArguments = {
          targetName,
          property: c.propertyName,
          object: entity,
          value,
          constraints: c.constraints,
        };
        // `each` on an array, Set or Map (a @Transform's): every item, with the arguments of the whole value.
        const items =
          c.each && (Array.isArray(value) || value instanceof Set || value instanceof Map)
            ? value instanceof Map
              ? [...value.values()]
              : [...(value as Iterable<unknown>)]
            : [value];
        for (const v of c.validators) for (const item of items) if (!holds(v, item, args)) return false;
      }
    }
    return true;
  };
}

/** A synchronous yes of the constraint (a promise is an async constraint's: class-validator must decide). */
function holds(v: ConstraintMetadata, value: unknown, args: ValidationArguments): boolean {
  const valid: unknown = v.instance.validate(value, args);
  return !!valid && typeof (valid as { then?: unknown }).then !== 'function';
}

/**
 * A value the check can take as the pipe would hand it to class-transformer: a plain object whose properties are
 * all strings, numbers, booleans or null (nothing nested to copy, transform or validate), none a key the pipe strips first (`__proto__`,
 * `prototype`, `constructor`).
 */
export function isFlatPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  for (const key in value) {
    const v = (value as Record<string, unknown>)[key];
    const type = typeof v;
    if (v !== null && type !== 'string' && type !== 'number' && type !== 'boolean') return false;
    if (key === '__proto__' || key === 'prototype' || key === 'constructor') return false;
  }
  return !Object.hasOwn(value, '__proto__');
}
