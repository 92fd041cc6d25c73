export * from './roles';
export { TokenService, hashToken, type TokenInfo } from './token.service';
export { AuthGuard, Public, Roles, CurrentActor, bearerActor, unauthorized } from './auth.guard';
export { AccessModule } from './access.module';
export { ApiTokenEntity } from './api-token.entity';
