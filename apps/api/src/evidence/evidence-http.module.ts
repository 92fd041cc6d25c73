import { Module } from '@nestjs/common';
import { EvidenceModule } from '@app/evidence';
import { EvidenceController } from './evidence.controller';

/** HTTP surface of evidence files: upload and download. */
@Module({
  imports: [EvidenceModule],
  controllers: [EvidenceController],
})
export class EvidenceHttpModule {}
