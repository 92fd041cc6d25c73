import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ChainCheckpoints,
  EventStore,
  type ChainVerification,
  type SignedCheckpoint,
} from '@app/event-store';
import { Roles } from '@app/access';

@ApiTags('audit')
@Roles('supervisor', 'viewer')
@Controller('api/v1/audit')
export class EventsController {
  constructor(
    private readonly store: EventStore,
    private readonly checkpoints: ChainCheckpoints,
  ) {}

  @Get('verification')
  @ApiOperation({
    summary: 'Walk the hash chain of every event and report the first broken position',
    description: 'Also returns the head {size, hash}; GET /api/v1/audit/checkpoint signs it.',
  })
  async verify(): Promise<ChainVerification> {
    return this.store.verifyChain();
  }

  @Get('checkpoint')
  @Roles('supervisor')
  @ApiOperation({
    summary: 'A signed checkpoint of the hash chain (admin, supervisor)',
    description:
      'Verifies the whole chain, then signs {position, head hash} with the Ed25519 key of the service ' +
      '(409 CHAIN_BROKEN when the chain is broken). Keep it outside the database: ' +
      '`npm run -s cli -- events verify --against <file> --public-key <file>` then detects a removed tail ' +
      'or a rewritten and re-hashed history.',
  })
  async checkpoint(): Promise<SignedCheckpoint> {
    return this.checkpoints.create();
  }

  @Get('checkpoint-key')
  @ApiOperation({ summary: 'The Ed25519 public key (PEM) that checks the signed checkpoints' })
  checkpointKey(): { algorithm: 'ed25519'; fingerprint: string; pem: string } {
    return this.checkpoints.publicKey();
  }
}
