import { Controller, Get, HttpCode, Param, Post, Req, Res, StreamableFile } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentActor, type RequestActor, Roles } from '@app/access';
import {
  EVIDENCE_CONTENT_TYPES,
  EvidenceFiles,
  FILE_NAME_HEADER,
  uploadName,
  type EvidenceFile,
} from '@app/evidence';
import { OptionalHeader } from '../http/optional-header';
import { contentDisposition } from './content-disposition';
import { EvidenceFileDto } from './evidence.dto';
import { MayNotFind } from '../http/openapi/may-not-find';

/** Evidence files (佐证材料): upload one, download one. Commands refer to them by sha256. */
@ApiTags('evidence')
@Controller('api/v1/evidence')
export class EvidenceController {
  constructor(private readonly files: EvidenceFiles) {}

  @Post()
  @HttpCode(200)
  @Roles('reporter', 'supervisor')
  @ApiOperation({
    summary: 'Upload an evidence file (PDF, PNG, JPEG, docx, xlsx, pptx, doc, xls, ppt)',
    description:
      'The body is the file itself (any Content-Type; the type is read from the bytes, not from the name or the ' +
      'declared type), its name in the `X-File-Name` header (percent-encoded UTF-8). At most EVIDENCE_MAX_BYTES ' +
      '(default 20 MiB). Content-addressed: the same bytes again are the same file and the same answer. Refer to ' +
      'it in a command’s `evidence` by the `sha256` answered. A file no command refers to within ' +
      'EVIDENCE_UNREFERENCED_DAYS (default 30) of its last upload is removed; a command naming it then gets 400 ' +
      'EVIDENCE_FILE_MISSING (upload it again).',
  })
  @ApiConsumes('application/octet-stream')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiHeader({
    name: FILE_NAME_HEADER,
    required: true,
    description: 'the file name, percent-encoded UTF-8 (encodeURIComponent), e.g. %E9%AA%8C%E6%94%B6.pdf',
  })
  @ApiOkResponse({ type: EvidenceFileDto })
  @ApiBadRequestResponse({ description: 'EVIDENCE_NAME_INVALID (X-File-Name), EVIDENCE_EMPTY' })
  @ApiPayloadTooLargeResponse({ description: 'EVIDENCE_TOO_LARGE: above EVIDENCE_MAX_BYTES; nothing stored' })
  @ApiUnsupportedMediaTypeResponse({
    description: 'EVIDENCE_TYPE_UNSUPPORTED: the bytes are not an accepted kind of file; nothing stored',
  })
  upload(
    @Req() req: FastifyRequest,
    @CurrentActor() actor: RequestActor,
    @OptionalHeader(FILE_NAME_HEADER) fileName?: string,
    @OptionalHeader('content-length') length?: string,
  ): Promise<EvidenceFile> {
    const name = uploadName(fileName);
    const declared = length !== undefined && /^\d+$/.test(length) ? Number(length) : undefined;
    return this.files.upload(req.raw, name, declared, actor.tokenName);
  }

  @Get(':sha256')
  @ApiOperation({
    summary: 'Download an evidence file (anyone who may read the milestones)',
    description:
      'The bytes with their content type, and the file name in Content-Disposition (RFC 6266/5987).',
  })
  @ApiParam({ name: 'sha256', description: 'lower-case hex SHA-256 of the file' })
  @ApiProduces(...Object.keys(EVIDENCE_CONTENT_TYPES))
  @ApiOkResponse({
    description: 'the file, as the content type its bytes showed at upload',
    schema: { type: 'string', format: 'binary' },
  })
  @ApiBadRequestResponse({ description: 'EVIDENCE_HASH_INVALID' })
  @MayNotFind({ sha256: 'EVIDENCE_NOT_FOUND: never uploaded, removed as never referenced, or lost' })
  async download(
    @Param('sha256') sha256: string,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<StreamableFile> {
    const { file, bytes } = await this.files.download(sha256);
    res.header('Content-Type', file.contentType);
    res.header('Content-Length', String(file.size));
    res.header('Content-Disposition', contentDisposition(file.name));
    res.header('ETag', `"${file.sha256}"`);
    res.header('Cache-Control', 'private, max-age=31536000, immutable');
    return new StreamableFile(bytes);
  }
}
