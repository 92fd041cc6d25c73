import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiTokenEntity } from './api-token.entity';
import { AuthGuard } from './auth.guard';
import { TokenService } from './token.service';

@Module({
  imports: [TypeOrmModule.forFeature([ApiTokenEntity])],
  providers: [TokenService, AuthGuard],
  exports: [TokenService, AuthGuard],
})
export class AccessModule {}
