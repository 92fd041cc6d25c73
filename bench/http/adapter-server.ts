/**
 * The command route's shape on a bare Nest application (no database): a bearer guard, the ValidationPipe with
 * the API's options (whitelist, forbid unknown, transform) on a class-validator DTO, a 201 JSON answer. Runs on
 * the adapter named by ADAPTER (`express` or `fastify`) at PORT, for adapters.bench.ts; says `ready` over IPC.
 */
import 'reflect-metadata';
import {
  Body,
  type CanActivate,
  Controller,
  type ExecutionContext,
  HttpCode,
  Injectable,
  Module,
  Param,
  Post,
  UseGuards,
  ValidationPipe,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

class ProgressBody {
  @IsInt() @Min(0) @Max(100) percent!: number;
  @IsString() @MaxLength(2000) note!: string;
  @IsOptional() @IsString() occurredAt?: string;
}

@Injectable()
class BearerGuard implements CanActivate {
  canActivate(ctx: ExecutionContext): boolean {
    const auth: unknown = ctx.switchToHttp().getRequest<{ headers: Record<string, unknown> }>()
      .headers.authorization;
    return typeof auth === 'string' && auth.startsWith('Bearer ');
  }
}

@Controller('api/v1')
class ProgressController {
  @Post('milestones/:id/progress')
  @HttpCode(201)
  @UseGuards(BearerGuard)
  progress(@Param('id') id: string, @Body() body: ProgressBody) {
    return { milestoneId: id, version: 3, position: 12345, percent: body.percent };
  }
}

@Module({ controllers: [ProgressController] })
class AdapterBenchModule {}

async function main(): Promise<void> {
  const adapter = process.env.ADAPTER === 'fastify' ? new FastifyAdapter() : new ExpressAdapter();
  const app = await NestFactory.create(AdapterBenchModule, adapter, { logger: false });
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  await app.listen(Number(process.env.PORT), '127.0.0.1');
  process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
  process.send?.('ready');
}

void main();
