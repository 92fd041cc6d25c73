import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { wasCutAsSlow } from './slow-clients';
import { sentTarget } from './request-path';
import type { UnitNameLookup } from '@app/milestones';
import { withUnitNames } from './unit-names';
import { ReplayedProblem } from './idempotent-replayed';
import { sendProblem } from './send-problem';
import { AppError, type ErrorKind, assertUnreachable, databaseOutageOf } from '@app/platform';

export const STATUS_BY_KIND = (kind: ErrorKind): number => {
  switch (kind) {
    case 'validation':
      return 400;
    case 'unauthorized':
      return 401;
    case 'forbidden':
      return 403;
    case 'not_found':
      return 404;
    case 'conflict':
      return 409;
    case 'gone':
      return 410;
    case 'precondition_failed':
      return 412;
    case 'too_large':
      return 413;
    case 'unsupported_media_type':
      return 415;
    case 'unprocessable':
      return 422;
    case 'precondition_required':
      return 428;
    case 'rate_limited':
      return 429;
    case 'unavailable':
      return 503;
    default:
      return assertUnreachable(kind, 'error kind');
  }
};

const DATABASE_UNAVAILABLE = 'DATABASE_UNAVAILABLE';

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  /** Chinese message for people (zh-CN). */
  detailZh: string;
  code: string;
  instance?: string;
  field?: string;
  errors?: { field: string; code: string; message: string; messageZh: string }[];
  [key: string]: unknown;
}

const TITLES: Record<number, [string, string]> = {
  400: ['Bad Request', '请求有误'],
  401: ['Unauthorized', '未登录或令牌无效'],
  403: ['Forbidden', '无权操作'],
  404: ['Not Found', '未找到'],
  405: ['Method Not Allowed', '不支持的方法'],
  409: ['Conflict', '冲突'],
  412: ['Precondition Failed', '前置条件不满足'],
  413: ['Payload Too Large', '请求体过大'],
  415: ['Unsupported Media Type', '不支持的内容类型'],
  422: ['Unprocessable Content', '无法处理'],
  428: ['Precondition Required', '缺少前置条件'],
  429: ['Too Many Requests', '请求过于频繁'],
  500: ['Internal Server Error', '服务器内部错误'],
  503: ['Service Unavailable', '服务暂不可用'],
};

/**
 * Every error leaves as RFC 7807 problem+json, with a code, the field and a Chinese and an English message. Given
 * a unit name lookup (the service's plan catalogue), a milestone error naming units by id names them by name
 * (`withUnitNames`) before it leaves.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly log = new Logger('HTTP');

  constructor(private readonly unitNames?: UnitNameLookup) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    // A replayed refusal says so whatever naming makes of it (decided first: a named error is another object).
    const replayed = exception instanceof ReplayedProblem;
    const named = this.unitNames ? withUnitNames(this.unitNames, exception) : undefined;
    if (named) {
      void named
        .then(
          (e) => this.answer(e, host, replayed),
          (e: unknown) => {
            this.log.error(`naming the units of a milestone error: ${String(e)}`);
            this.answer(exception, host, replayed);
          },
        )
        .catch((e: unknown) => {
          // Never a request left without an answer.
          this.log.error(`answering a milestone error: ${String(e)}`);
          const reply = host.switchToHttp().getResponse<FastifyReply>();
          if (reply.sent || reply.raw.headersSent) reply.raw.end();
          else void reply.code(500).send();
        });
    } else this.answer(exception, host, replayed);
  }

  private answer(exception: unknown, host: ArgumentsHost, replayed: boolean): void {
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const req = ctx.getRequest<FastifyRequest>().raw;
    const url = sentTarget(req);
    const problem = this.toProblem(exception);
    problem.instance = url;
    if (req.destroyed && !req.complete) {
      // Cut off before its end (the client went away, or was too slow: answered 408): no fault of the service.
      // One cut for slowness is one line, logged where it was cut (reason, peer, no query): not again here.
      if (!wasCutAsSlow(req)) {
        this.log.warn(`${req.method} ${url}: the request was cut off before its end`);
      }
    } else if (problem.code === DATABASE_UNAVAILABLE) {
      // An outage, not a bug: one line, no stack (the readiness probe logs what the server said).
      this.log.warn(`${req.method} ${url}: database unavailable (${String(problem.reason)})`);
    } else if (problem.status === 503) {
      this.log.warn(`${req.method} ${url}: ${String(problem.code)} (${problem.detail})`);
    } else if (problem.status >= 500) {
      this.log.error(
        `${req.method} ${url}: ${exception instanceof Error ? (exception.stack ?? exception.message) : String(exception)}`,
      );
    }
    if (reply.sent || reply.raw.headersSent) return;
    sendProblem(reply, problem, replayed);
  }

  toProblem(exception: unknown): ProblemDetails {
    if (exception instanceof AppError) {
      const status = STATUS_BY_KIND(exception.kind);
      const details = exception.details ?? {};
      const { errors, ...rest } = details as { errors?: ProblemDetails['errors'] };
      return {
        ...rest,
        type: `urn:progress-monitor:problem:${exception.code.toLowerCase().replace(/_/g, '-')}`,
        title: TITLES[status]?.[0] ?? 'Error',
        status,
        code: exception.code,
        detail: exception.message,
        detailZh: exception.messageZh,
        ...(exception.field !== undefined ? { field: exception.field } : {}),
        ...(errors ? { errors } : {}),
      };
    }
    // Fastify's own refusals (FST_ERR_*: a target its router cannot decode) carry a status code; as an HTTP error.
    // (Nest wraps them in an HttpException whose `cause` is the original.)
    const raw = exception instanceof HttpException && exception.cause ? exception.cause : exception;
    const fst = raw as { code?: unknown; statusCode?: unknown };
    if (typeof fst?.code === 'string' && fst.code.startsWith('FST_') && typeof fst.statusCode === 'number') {
      if (fst.statusCode < 500)
        return this.toProblem(new HttpException((raw as Error).message, fst.statusCode));
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const [en, zh] = TITLES[status] ?? ['Error', '错误'];
      const code =
        status === (HttpStatus.NOT_FOUND as number)
          ? 'ROUTE_NOT_FOUND'
          : status === (HttpStatus.TOO_MANY_REQUESTS as number)
            ? 'RATE_LIMITED'
            : en.toUpperCase().replace(/ /g, '_');
      const msg =
        status === (HttpStatus.TOO_MANY_REQUESTS as number)
          ? 'Too many requests; slow down'
          : exception.message;
      return this.simple(status, code, msg, zh);
    }
    const outage = databaseOutageOf(exception);
    if (outage !== undefined) {
      return {
        ...this.simple(
          503,
          DATABASE_UNAVAILABLE,
          'The database is unavailable right now; retry later (a command with the same Idempotency-Key)',
          '数据库暂时不可用，请稍后重试（命令请使用同一个 Idempotency-Key）',
        ),
        reason: outage,
      };
    }
    return this.simple(
      500,
      'INTERNAL_ERROR',
      'Something went wrong on our side',
      '服务器内部错误，请稍后重试',
    );
  }

  private simple(status: number, code: string, detail: string, detailZh: string): ProblemDetails {
    return {
      type: `urn:progress-monitor:problem:${code.toLowerCase().replace(/_/g, '-')}`,
      title: TITLES[status]?.[0] ?? 'Error',
      status,
      code,
      detail,
      detailZh,
    };
  }
}
