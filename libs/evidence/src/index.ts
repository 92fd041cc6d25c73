export * from './evidence-types';
export { EvidenceModule } from './evidence.module';
export { EvidenceFiles, uploadName, EVIDENCE_FILE_NAME_MAX } from './evidence-files.service';
export { EvidenceAudit, type EvidenceAuditResult, type EvidenceFault } from './evidence-audit';
export { type EvidenceStore, LocalDiskEvidenceStore, EVIDENCE_STORE } from './evidence-store';
export { FILE_NAME_HEADER } from './evidence.errors';
export { sniffEvidenceType, bufferSource, type ByteSource } from './sniff';
