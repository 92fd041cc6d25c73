import { Controller, Get } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import {
  ChainCheckpoints,
  EventStore,
  type ChainVerification,
  type SignedCheckpoint,
} from '@app/event-store';
import { Roles } from '@app/access';

/** The format a checkpoint names (the compiler checks it is the store's). */
const CHECKPOINT_FORMAT: SignedCheckpoint['format'] = 'progress-monitor.checkpoint/1';

/** The signature algorithm a checkpoint and the key name: one schema (the compiler checks it is the store's). */
const CHECKPOINT_ALGORITHM = {
  type: 'string',
  enum: ['ed25519'] satisfies SignedCheckpoint['algorithm'][],
  enumName: 'CheckpointAlgorithm',
  enumSchema: { description: 'Ed25519 signatures (RFC 8032)' },
} as const;

class ChainVerificationDto implements ChainVerification {
  @ApiProperty() ok!: boolean;
  @ApiProperty({ description: 'events checked' }) checked!: number;
  @ApiProperty() headPosition!: number;
  @ApiProperty() headHash!: string;
  @ApiPropertyOptional({ description: 'the first position whose hash or link does not hold' })
  brokenAt?: number;
  @ApiPropertyOptional() reason?: string;
}

class SignedCheckpointDto implements SignedCheckpoint {
  @ApiProperty({ enum: [CHECKPOINT_FORMAT] }) format!: typeof CHECKPOINT_FORMAT;
  @ApiProperty(CHECKPOINT_ALGORITHM) algorithm!: SignedCheckpoint['algorithm'];
  @ApiProperty({ description: 'the last event’s position (0 = the empty store)' }) position!: number;
  @ApiProperty() headHash!: string;
  @ApiProperty({ type: String, nullable: true, description: 'ISO 8601; null for the empty store' })
  headRecordedAt!: string | null;
  @ApiProperty({ description: 'ISO 8601' }) createdAt!: string;
  @ApiProperty({ example: 'sha256:…' }) keyFingerprint!: string;
  @ApiProperty({ description: 'Ed25519 signature (base64) of the signed text' }) signature!: string;
}

class CheckpointKeyDto implements ReturnType<ChainCheckpoints['publicKey']> {
  @ApiProperty(CHECKPOINT_ALGORITHM) algorithm!: SignedCheckpoint['algorithm'];
  @ApiProperty({ example: 'sha256:…' }) fingerprint!: string;
  @ApiProperty({ description: 'the public key, PEM' }) pem!: string;
}

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
  @ApiOkResponse({ type: ChainVerificationDto })
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
  @ApiOkResponse({ type: SignedCheckpointDto })
  @ApiConflictResponse({ description: 'CHAIN_BROKEN: the hash chain is broken; nothing is signed' })
  async checkpoint(): Promise<SignedCheckpoint> {
    return this.checkpoints.create();
  }

  @Get('checkpoint-key')
  @ApiOperation({ summary: 'The Ed25519 public key (PEM) that checks the signed checkpoints' })
  @ApiOkResponse({ type: CheckpointKeyDto })
  checkpointKey(): ReturnType<ChainCheckpoints['publicKey']> {
    return this.checkpoints.publicKey();
  }
}
