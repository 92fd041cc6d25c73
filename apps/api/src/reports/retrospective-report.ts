import type { RetrospectiveService } from '@app/reports';

/** The retrospective as the service builds it (what the review's DTOs `implements`, part by part). */
export type Report = Awaited<ReturnType<RetrospectiveService['build']>>;
