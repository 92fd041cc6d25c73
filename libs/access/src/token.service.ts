import { hash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { APP_CONFIG, AppError, type AppConfig, Clock } from '@app/platform';
import { ApiTokenEntity } from './api-token.entity';
import { ROLES, type RequestActor, type Role } from './roles';

export interface TokenInfo {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly unit: string | null;
  readonly createdAt: string;
  readonly revokedAt: string | null;
  readonly lastUsedAt: string | null;
}

/** sha256 of the token, hex (`crypto.hash`: one call, no Hash object; run on every request that carries a token). */
export const hashToken = (token: string): string => hash('sha256', token, 'hex');

function toInfo(e: ApiTokenEntity): TokenInfo {
  return {
    id: e.id,
    name: e.name,
    role: e.role as Role,
    unit: e.unitId,
    createdAt: e.createdAt.toISOString(),
    revokedAt: e.revokedAt?.toISOString() ?? null,
    lastUsedAt: e.lastUsedAt?.toISOString() ?? null,
  };
}

/** How long a valid token is taken as valid without asking the database again. */
const TOKEN_CACHE_MS = 5_000;
const TOKEN_CACHE_SIZE = 10_000;

/** Bearer tokens: random, shown once, stored as sha256, revocable. */
@Injectable()
export class TokenService implements OnApplicationBootstrap {
  private readonly log = new Logger('Tokens');
  private readonly lastUsedWrites = new Map<string, number>();
  /** Valid tokens by hash, each until a moment (see `authenticate`). */
  private readonly valid = new Map<string, { readonly actor: RequestActor; readonly until: number }>();

  constructor(
    @InjectRepository(ApiTokenEntity) private readonly repo: Repository<ApiTokenEntity>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** BOOTSTRAP_ADMIN_TOKEN: make sure an admin token with that value exists. */
  async onApplicationBootstrap(): Promise<void> {
    const value = this.config.bootstrapAdminToken;
    if (value === undefined) return;
    const tokenHash = hashToken(value);
    const existing = await this.repo.findOne({ where: { tokenHash } });
    if (existing && existing.revokedAt === null) return;
    await this.repo
      .createQueryBuilder()
      .insert()
      .values({
        id: randomUUID(),
        name: 'bootstrap-admin',
        role: 'admin',
        unitId: null,
        tokenHash,
        createdAt: this.clock.now(),
        createdBy: 'BOOTSTRAP_ADMIN_TOKEN',
        revokedAt: null,
        lastUsedAt: null,
      })
      .orIgnore()
      .execute();
    this.log.log('bootstrap admin token registered');
  }

  /**
   * Creates a token. `unitExists` checks a reporter's unit against the plan's unit registry.
   * Returns the token value, which is never shown again.
   */
  async create(
    input: { role: string; unit?: string | null; name: string },
    createdBy: string | null,
    unitExists: (unitId: string) => Promise<boolean>,
  ): Promise<TokenInfo & { token: string }> {
    if (!(ROLES as readonly string[]).includes(input.role)) {
      throw new AppError({
        kind: 'validation',
        code: 'INVALID_ROLE',
        field: 'role',
        message: `role must be one of ${ROLES.join(', ')}`,
        messageZh: `角色必须是 ${ROLES.join('、')} 之一`,
      });
    }
    const role = input.role as Role;
    // An empty unit is a unit given (and wrong), not an absent one.
    const unit = input.unit ?? null;
    if (role === 'reporter' && !unit) {
      throw new AppError({
        kind: 'validation',
        code: 'UNIT_REQUIRED',
        field: 'unit',
        message: 'a reporter token is bound to one unit: give its unit id',
        messageZh: '填报员令牌必须绑定一个责任单位',
      });
    }
    if (role !== 'reporter' && unit !== null) {
      throw new AppError({
        kind: 'validation',
        code: 'UNIT_NOT_ALLOWED',
        field: 'unit',
        message: 'only reporter tokens are bound to a unit',
        messageZh: '只有填报员令牌绑定责任单位',
      });
    }
    if (unit && !(await unitExists(unit))) {
      throw new AppError({
        kind: 'validation',
        code: 'UNKNOWN_UNIT',
        field: 'unit',
        message: `no unit with id "${unit}" (see GET /api/v1/units)`,
        messageZh: `责任单位 "${unit}" 不存在`,
      });
    }
    const token = `pm_${randomBytes(32).toString('base64url')}`;
    const entity: ApiTokenEntity = {
      id: randomUUID(),
      name: input.name,
      role,
      unitId: unit,
      tokenHash: hashToken(token),
      createdAt: this.clock.now(),
      createdBy,
      revokedAt: null,
      lastUsedAt: null,
    };
    await this.repo.insert(entity);
    return { ...toInfo(entity), token };
  }

  async list(): Promise<TokenInfo[]> {
    return (await this.repo.find({ order: { createdAt: 'ASC' } })).map(toInfo);
  }

  async revoke(id: string): Promise<TokenInfo> {
    const e = /^[0-9a-f-]{36}$/i.test(id) ? await this.repo.findOne({ where: { id } }) : null;
    if (!e) {
      throw new AppError({
        kind: 'not_found',
        code: 'TOKEN_NOT_FOUND',
        field: 'id',
        message: `no token with id ${id}`,
        messageZh: '令牌不存在',
      });
    }
    if (e.revokedAt === null) {
      await this.repo.update({ id, revokedAt: IsNull() }, { revokedAt: this.clock.now() });
    }
    this.valid.delete(e.tokenHash);
    return toInfo((await this.repo.findOne({ where: { id } }))!);
  }

  /**
   * The actor for a presented token, or undefined when it is unknown or revoked. A valid token is remembered for
   * TOKEN_CACHE_MS, so a burst of requests costs one lookup: a token revoked through this process stops working
   * at once, one revoked elsewhere (another API process, the CLI) within that time.
   */
  async authenticate(token: string): Promise<RequestActor | undefined> {
    const tokenHash = hashToken(token);
    const now = Date.now();
    const known = this.valid.get(tokenHash);
    if (known !== undefined && known.until > now) return known.actor;
    const e = await this.repo.findOne({ where: { tokenHash } });
    if (!e || e.revokedAt !== null) {
      this.valid.delete(tokenHash);
      return undefined;
    }
    const actor: RequestActor = {
      tokenId: e.id,
      tokenName: e.name,
      role: e.role as Role,
      ...(e.unitId ? { unit: e.unitId } : {}),
    };
    if (this.valid.size >= TOKEN_CACHE_SIZE) this.valid.clear();
    this.valid.set(tokenHash, { actor, until: now + TOKEN_CACHE_MS });
    this.noteUse(e.id);
    return actor;
  }

  private noteUse(id: string): void {
    const now = this.clock.now().getTime();
    // Remember use at most once a minute per token, off the request's path.
    if ((this.lastUsedWrites.get(id) ?? 0) < now - 60_000) {
      this.lastUsedWrites.set(id, now);
      void this.repo.update({ id }, { lastUsedAt: new Date(now) }).catch(() => undefined);
    }
  }
}
