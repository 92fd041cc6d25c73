import { Body, HttpCode, Param, Post, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, type RequestActor, Roles } from '@app/access';
import {
  MILESTONE_COMMAND_TYPES,
  type MilestoneCommandResult,
  type MilestoneCommandType,
  rolesIssuing,
} from '@app/milestones';
import { MILESTONE_COMMAND_LABELS } from '@app/milestones/labels';
import { ApiIdempotencyKey } from '../http/openapi/idempotency-key';
import { OptionalHeader } from '../http/optional-header';
import { MILESTONE_COMMAND_ROUTES, MilestoneCommandResultDto } from './milestone-command.dto';

/** What a command route hands over: the command, the milestone, the body, the caller and the two headers. */
export interface RunsMilestoneCommands {
  run(
    type: MilestoneCommandType,
    milestoneId: string,
    dto: { occurredAt?: string } & object,
    actor: RequestActor,
    idempotencyKey: string | undefined,
    ifMatch: string | undefined,
    res: FastifyReply,
  ): Promise<MilestoneCommandResult>;
}

const COMMAND_DOCS = [
  ApiOkResponse({ type: MilestoneCommandResultDto }),
  ApiForbiddenResponse({ description: 'role or unit may not do this (nothing written)' }),
  ApiConflictResponse({
    description:
      'the milestone changed meanwhile: version conflict (If-Match: WRONG_EXPECTED_VERSION, `currentVersion`) or ' +
      'lifecycle conflict (e.g. MILESTONE_AWAITING_VERIFICATION, COMPLETION_ALREADY_SUBMITTED); nothing written. ' +
      '`position`: the global position of the milestone’s last event the refusal was decided on: use it in ' +
      'X-Min-Position to read the milestone as it refused the command (absent on IDEMPOTENCY_KEY_IN_PROGRESS, ' +
      'and when another writer got in between the read and the append of an If-Match command)',
  }),
  ApiUnprocessableEntityResponse({ description: 'domain rule refused it (problem+json with code)' }),
  ApiServiceUnavailableResponse({
    description: 'MILESTONE_BUSY: too many concurrent writers for too long; nothing written, see Retry-After',
  }),
  ApiIdempotencyKey(),
  ApiHeader({
    name: 'If-Match',
    required: false,
    description:
      'expected stream version; a mismatch → 409 with the current version and, when decided on the stream as ' +
      'read, its `position`',
  }),
];

/**
 * One route per milestone command, from the tables: `POST :id/<segment>` (`@app/milestones/labels`), 200, the
 * roles that may issue it (`rolesIssuing`, from the policy: others get 403 before anything is read), the body's
 * class (`MILESTONE_COMMAND_ROUTES`: validated by the ValidationPipe, which reads it from `design:paramtypes`, and
 * documented) and the summary. Each route is a method named after its command (the operationId
 * `<Controller>_<Type>`) that hands everything to the controller's `run`.
 */
export function MilestoneCommandRoutes(): (target: new (...args: never[]) => RunsMilestoneCommands) => void {
  return (target) => {
    const proto = target.prototype as object;
    for (const type of MILESTONE_COMMAND_TYPES) {
      const { body, summary } = MILESTONE_COMMAND_ROUTES[type];
      // Named after the command: Nest and the OpenAPI explorer find the route's metadata by the function's name.
      const handler = {
        [type](
          this: RunsMilestoneCommands,
          id: string,
          dto: object,
          actor: RequestActor,
          res: FastifyReply,
          key?: string,
          ifMatch?: string,
        ): Promise<MilestoneCommandResult> {
          return this.run(type, id, dto, actor, key, ifMatch, res);
        },
      }[type];
      Object.defineProperty(proto, type, { value: handler, writable: true, configurable: true });
      Reflect.defineMetadata(
        'design:paramtypes',
        [String, body, Object, Object, String, String],
        proto,
        type,
      );
      Reflect.defineMetadata('design:returntype', Promise, proto, type);
      const descriptor = Object.getOwnPropertyDescriptor(proto, type) as PropertyDescriptor;
      for (const decorate of [
        Post(`:id/${MILESTONE_COMMAND_LABELS[type].segment}`),
        HttpCode(200),
        Roles(...rolesIssuing(type)),
        ApiOperation({ summary }),
        ...COMMAND_DOCS,
      ]) {
        decorate(proto, type, descriptor);
      }
      const params: ParameterDecorator[] = [
        Param('id'),
        Body(),
        CurrentActor(),
        Res({ passthrough: true }),
        OptionalHeader('Idempotency-Key'),
        OptionalHeader('If-Match'),
      ];
      // As TypeScript applies them: the last parameter first.
      for (let index = params.length - 1; index >= 0; index--) params[index]?.(proto, type, index);
    }
  };
}
