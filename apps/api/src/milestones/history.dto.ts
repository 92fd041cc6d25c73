import { applyDecorators } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiOkResponse,
  ApiProperty,
  ApiPropertyOptional,
  getSchemaPath,
} from '@nestjs/swagger';
import type { HistoryEntry } from '@app/milestones';

/* GET /milestones/{id}/history: the entries (JSON), or the same as CSV. The DTOs `implements` the query's types. */

type Actor = NonNullable<HistoryEntry['actor']>;

class ActorDto implements Actor {
  @ApiPropertyOptional() tokenId?: string;
  @ApiPropertyOptional() tokenName?: string;
  @ApiPropertyOptional() role?: string;
  @ApiPropertyOptional({ description: 'unit id, for reporters' }) unit?: string;
  @ApiPropertyOptional({ description: 'the service itself (seed import, monitor, simulator)' })
  system?: string;
}

export class HistoryEntryDto implements HistoryEntry {
  @ApiProperty({ description: 'stream version' }) version!: number;
  @ApiProperty({ description: 'global position' }) position!: number;
  @ApiProperty({ example: 'ProgressReported' }) type!: string;
  @ApiProperty({ description: 'zh-CN label of the event type' }) label!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'the event’s data' })
  data!: unknown;
  @ApiProperty({ type: ActorDto, nullable: true }) actor!: ActorDto | null;
  @ApiProperty({ format: 'date-time', description: 'when it happened, as stated' }) occurredAt!: string;
  @ApiProperty({ format: 'date-time', description: 'when it was recorded' }) recordedAt!: string;
  @ApiProperty({ description: 'reported more than 30 days after it happened' }) backdated!: boolean;
  @ApiProperty({ type: String, nullable: true }) correlationId!: string | null;
  @ApiProperty() hash!: string;
  @ApiProperty() prevHash!: string;
  @ApiProperty({ type: String, nullable: true, description: 'the actor’s unit, by name' })
  actorUnitName!: string | null;
  @ApiProperty({
    type: [String],
    description:
      'the assignments (承办事项, by key as `GET /milestones/{id}` lists them) the event concerned, as the milestone’s state routes it: the one it names, the only one, or (naming none on a milestone with several) its reporter’s own, every open one or every one awaiting verification; a plan event concerns every one',
  })
  assignments!: string[];
}

/** 200: the entries as JSON, or CSV (`format=csv`, UTF-8 with BOM, an attachment). */
export const ApiHistoryResponse = (): MethodDecorator =>
  applyDecorators(
    ApiExtraModels(HistoryEntryDto),
    ApiOkResponse({
      description: 'oldest first; `format=csv`: the same as CSV (attachment)',
      content: {
        'application/json': { schema: { type: 'array', items: { $ref: getSchemaPath(HistoryEntryDto) } } },
        'text/csv': { schema: { type: 'string' } },
      },
    }),
  );
