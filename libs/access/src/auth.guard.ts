import { CanActivate, ExecutionContext, Injectable, SetMetadata, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { AppError } from '@app/platform';
import type { RequestActor, Role } from './roles';
import { TokenService } from './token.service';

const PUBLIC = 'pm:public';
const ROLES_KEY = 'pm:roles';

/** No token needed (health, docs, the dashboard's static files). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC, true);
/** Only these roles (admin always passes). */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);

type ActorRequest = FastifyRequest & { actor?: RequestActor };

/** What a route asks of its caller (@Public, @Roles on the handler or its class): the guard and the OpenAPI document read it. */
export interface RouteAccess {
  readonly public: boolean;
  /** The roles that may call it besides admin; undefined: any token. */
  readonly roles: readonly Role[] | undefined;
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- a route handler, as Nest's metadata holds it
export function routeAccess(reflector: Reflector, handler: Function, controller: Function): RouteAccess {
  const targets = [handler, controller];
  return {
    public: reflector.getAllAndOverride<boolean | undefined>(PUBLIC, targets) === true,
    roles: reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets),
  };
}

/** The caller, set by AuthGuard. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): RequestActor => {
  const actor = ctx.switchToHttp().getRequest<ActorRequest>().actor;
  if (!actor) throw new Error('CurrentActor used on a public route');
  return actor;
});

export function unauthorized(): AppError {
  return new AppError({
    kind: 'unauthorized',
    code: 'TOKEN_REQUIRED',
    message: 'A valid bearer token is required (Authorization: Bearer <token>)',
    messageZh: '需要有效的访问令牌',
  });
}

const actors = new WeakMap<object, Promise<RequestActor | undefined>>();

/**
 * The actor of the request's bearer token, or undefined (none, unknown or revoked). Looked up once per request:
 * the rate limiter (which keys on it) and the AuthGuard share the answer.
 */
export function bearerActor(req: FastifyRequest, tokens: TokenService): Promise<RequestActor | undefined> {
  let actor = actors.get(req);
  if (!actor) {
    const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    actor = m?.[1] ? tokens.authenticate(m[1]) : Promise.resolve(undefined);
    actors.set(req, actor);
  }
  return actor;
}

/** Every route needs a valid, unrevoked bearer token unless marked @Public(); @Roles restricts further. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
  ) {}

  /** Each route's access, read once from its metadata (set by decorators, fixed once the app is built). */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- a controller and its handler, as Nest's metadata holds them
  private readonly accessOf = new WeakMap<Function, WeakMap<Function, RouteAccess>>();

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const handler = ctx.getHandler();
    const controller = ctx.getClass();
    let byHandler = this.accessOf.get(controller);
    if (byHandler === undefined) this.accessOf.set(controller, (byHandler = new WeakMap()));
    let access = byHandler.get(handler);
    if (access === undefined)
      byHandler.set(handler, (access = routeAccess(this.reflector, handler, controller)));
    if (access.public) return true;
    const req = ctx.switchToHttp().getRequest<ActorRequest>();
    const actor = await bearerActor(req, this.tokens);
    if (!actor) throw unauthorized();
    req.actor = actor;
    const roles = access.roles;
    if (roles && actor.role !== 'admin' && !roles.includes(actor.role)) {
      throw new AppError({
        kind: 'forbidden',
        code: 'FORBIDDEN_ROLE',
        message: `This needs one of the roles: ${roles.join(', ')} (you are ${actor.role})`,
        messageZh: '当前角色无权执行此操作',
        details: { requiredRoles: roles, role: actor.role },
      });
    }
    return true;
  }
}
