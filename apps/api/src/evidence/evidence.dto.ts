import { ApiProperty } from '@nestjs/swagger';
import { EVIDENCE_CONTENT_TYPES } from '@app/evidence';

export class EvidenceFileDto {
  @ApiProperty({ description: 'lower-case hex SHA-256 of the bytes: refer to the file by it' })
  sha256!: string;

  @ApiProperty({ example: '2021年度投资推介会签约清单.pdf', description: 'the name of its first upload' })
  name!: string;

  @ApiProperty({ description: 'bytes' })
  size!: number;

  @ApiProperty({ enum: Object.keys(EVIDENCE_CONTENT_TYPES), description: 'read from the bytes' })
  contentType!: string;
}
