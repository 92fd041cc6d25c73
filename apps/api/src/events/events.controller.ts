import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { EventStore, type ChainVerification } from '@app/event-store';
import { Roles } from '@app/access';

@ApiTags('audit')
@Roles('supervisor', 'viewer')
@Controller('api/v1/audit')
export class EventsController {
  constructor(private readonly store: EventStore) {}

  @Get('verification')
  @ApiOperation({
    summary: 'Walk the hash chain of every event and report the first broken position',
    description: 'Also returns the head {size, hash}: keep it outside the database as a signed checkpoint.',
  })
  async verify(): Promise<ChainVerification> {
    return this.store.verifyChain();
  }
}
