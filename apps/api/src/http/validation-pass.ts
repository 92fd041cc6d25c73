import {
  getMetadataStorage,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';

/**
 * Whether class-validator would find nothing wrong with an instance of a DTO, asked of the DTO's own decorators
 * (class-validator's metadata and constraint classes: the rules have no second copy here), without building its
 * errors. The ValidationPipe (validation.ts) asks this first and returns the instance when it holds; when it does
 * not, or cannot tell, class-validator itself runs and gives the errors. It answers for the pipe's options only
 * (whitelist and forbidNonWhitelisted, forbidUnknownValues, no groups, no skip*Properties) and for what it can
 * decide as class-validator would: a flat object (no nested value to validate), synchronous constraints.
 */
export type PassCheck = (entity: object) => boolean;

interface Check {
  readonly validateIf?: ((object: object, value: unknown) => boolean) | undefined;
  readonly each: boolean;
  readonly propertyName: string;
  readonly constraints: unknown[];
  readonly validators: ValidatorConstraintInterface[];
}

interface Property {
  readonly name: string;
  readonly conditions: ((object: object, value: unknown) => boolean)[];
  readonly checks: Check[];
  nested: boolean;
}

// class-validator's ValidationTypes (the metadata's `type`).
const CUSTOM = 'customValidation';
const IS_DEFINED = 'isDefined';
const NESTED = 'nestedValidation';
const CONDITIONAL = 'conditionalValidation';
const WHITELIST = 'whitelistValidation';

const checks = new WeakMap<object, PassCheck | null>();

/** The check for a DTO class, or null when class-validator must decide every value of it (see above). */
export function passCheckFor(metatype: new (...args: never[]) => object): PassCheck | null {
  let check = checks.get(metatype);
  if (check === undefined) {
    check = buildCheck(metatype);
    checks.set(metatype, check);
  }
  return check;
}

function buildCheck(metatype: new (...args: never[]) => object): PassCheck | null {
  const storage = getMetadataStorage();
  // The same question ValidationExecutor asks (always: false, strictGroups: false, no groups).
  const metadatas = storage.getTargetValidationMetadatas(metatype, '', false, false, undefined);
  if (metadatas.length === 0) return null; // forbidUnknownValues: class-validator refuses it
  const byName = new Map<string, Property>();
  for (const m of metadatas) {
    let p = byName.get(m.propertyName);
    if (!p) {
      p = { name: m.propertyName, conditions: [], checks: [], nested: false };
      byName.set(m.propertyName, p);
    }
    if (m.type === CONDITIONAL) {
      p.conditions.push(m.constraints[0] as (object: object, value: unknown) => boolean);
    } else if (m.type === NESTED) {
      p.nested = true;
    } else if (m.type === CUSTOM || m.type === IS_DEFINED) {
      const constraints = storage.getTargetValidatorConstraints(m.constraintCls);
      if (constraints.some((c) => c.async)) return null;
      p.checks.push({
        validateIf: m.validateIf,
        each: m.each === true,
        propertyName: m.propertyName,
        constraints: m.constraints,
        validators: constraints.map((c) => c.instance),
      });
    } else if (m.type !== WHITELIST) {
      return null; // a promise validation, or a type this check does not know
    }
  }
  const properties = [...byName.values()];
  const targetName = metatype.name;
  return (entity) => {
    const record = entity as Record<string, unknown>;
    for (const key of Object.keys(record)) if (!byName.has(key)) return false; // forbidNonWhitelisted
    for (const p of properties) {
      const value = record[p.name];
      if (!p.conditions.every((condition) => condition(entity, value))) continue; // @IsOptional, @ValidateIf
      if (p.nested && value !== undefined) return false;
      for (const c of p.checks) {
        if (c.validateIf && !c.validateIf(entity, value)) continue;
        if (c.each && (Array.isArray(value) || value instanceof Set || value instanceof Map)) return false;
        const args: ValidationArguments = {
          targetName,
          property: c.propertyName,
          object: entity,
          value,
          constraints: c.constraints,
        };
        for (const v of c.validators) {
          const valid: unknown = v.validate(value, args);
          if (!valid || typeof (valid as { then?: unknown }).then === 'function') return false;
        }
      }
    }
    return true;
  };
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
