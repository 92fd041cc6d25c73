export { EvidenceAudit } from './evidence-audit';
export { EvidenceFiles, uploadName } from './evidence-files.service';
export { EVIDENCE_CONTENT_TYPES, type EvidenceFile } from './evidence-types';
export { FILE_NAME_HEADER } from './evidence.errors';
export { EvidenceModule } from './evidence.module';
export { UnreferencedEvidence, type UnreferencedSummary } from './unreferenced-evidence';
