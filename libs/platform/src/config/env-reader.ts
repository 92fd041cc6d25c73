/** The environment as the config parsers read it. */
export type Env = Record<string, string | undefined>;

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * The one reader of environment variables (the service's AppConfig, the alerts' settings): each method returns
 * the value or its default and notes a problem, named by the variable, for a bad one; `done` throws a
 * ConfigError listing every problem at once. Blank values count as unset.
 */
export class EnvReader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  /** Whether the variable is set at all (even to a blank value). */
  isSet(name: string): boolean {
    return this.env[name] !== undefined;
  }

  raw(name: string): string | undefined {
    const v = this.env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  }

  int(name: string, def: number, min: number, max: number): number {
    const v = this.raw(name);
    if (v === undefined) return def;
    if (!/^\d+$/.test(v)) {
      this.problems.push(`${name}: "${v}" is not a whole number (expected ${min}–${max})`);
      return def;
    }
    const n = Number(v);
    if (n < min || n > max) {
      this.problems.push(`${name}: ${n} is out of range (expected ${min}–${max})`);
      return def;
    }
    return n;
  }

  ratio(name: string, def: number): number {
    const v = this.raw(name);
    if (v === undefined) return def;
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0 || n > 1) {
      this.problems.push(`${name}: "${v}" must be a number in (0, 1]`);
      return def;
    }
    return n;
  }

  oneOf<T extends string>(name: string, values: readonly T[], def: T): T {
    const v = this.raw(name);
    if (v === undefined) return def;
    if (!(values as readonly string[]).includes(v)) {
      this.problems.push(`${name}: "${v}" is not one of ${values.join(', ')}`);
      return def;
    }
    return v as T;
  }

  url(name: string, protocols: readonly string[]): string | undefined {
    const v = this.raw(name);
    if (v === undefined) return undefined;
    try {
      const u = new URL(v);
      if (!protocols.includes(u.protocol)) {
        this.problems.push(`${name}: protocol "${u.protocol}" is not one of ${protocols.join(', ')}`);
      }
    } catch {
      this.problems.push(`${name}: not a valid URL`);
    }
    return v;
  }

  bool(name: string, def: boolean): boolean {
    const v = this.raw(name);
    if (v === undefined) return def;
    if (/^(1|true|yes|on)$/i.test(v)) return true;
    if (/^(0|false|no|off)$/i.test(v)) return false;
    this.problems.push(`${name}: "${v}" is not a boolean (true/false)`);
    return def;
  }

  /** A comma-separated list (`def` when unset), entries trimmed, blank ones dropped. */
  list(name: string, def = ''): string[] {
    return (this.raw(name) ?? def)
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
  }

  /** The parsed config, or a ConfigError naming every problem noted. */
  done<T>(config: T): T {
    if (this.problems.length > 0) throw new ConfigError(this.problems);
    return config;
  }
}
