import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DatabaseHealth } from '@app/platform';
import { SkipThrottle } from '@nestjs/throttler';
import { Public } from '@app/access';

@ApiTags('health')
@Public()
@SkipThrottle()
@Controller('health')
export class HealthController {
  constructor(private readonly db: DatabaseHealth) {}

  @Get('live')
  @HttpCode(200)
  @ApiOperation({ summary: 'Liveness: the process answers' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: the database answers (503 while it does not)' })
  async ready(
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ status: string; database: string; error?: string }> {
    const db = await this.db.check();
    if (!db.ok) {
      res.status(503);
      return { status: 'not_ready', database: 'down', ...(db.error ? { error: db.error } : {}) };
    }
    return { status: 'ready', database: 'up' };
  }
}
