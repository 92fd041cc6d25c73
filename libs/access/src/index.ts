export { AccessModule } from './access.module';
export {
  AuthGuard,
  bearerActor,
  CurrentActor,
  Public,
  Roles,
  type RouteAccess,
  routeAccess,
} from './auth.guard';
export { type RequestActor, type Role, ROLES } from './roles';
export { type TokenInfo, TokenService } from './token.service';
