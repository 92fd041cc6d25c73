import { EventStore1764460000000 } from './1764460000000-event-store';
import { ApiTokens1764460001000 } from './1764460001000-api-tokens';
import { PlanCatalog1764460002000 } from './1764460002000-plan-catalog';
import { IdempotencyKeys1764460003000 } from './1764460003000-idempotency-keys';
import { ReadModels1764460010000 } from './1764460010000-read-models';
import { ReadModelsBoardMeta1764460010001 } from './1764460010001-read-models-board-meta';
import { Alerts1764460020000 } from './1764460020000-alerts';
import { RecordedAtAfterLock1764460030000 } from './1764460030000-recorded-at-after-lock';
import { ReadModelsReinstatement1764460040000 } from './1764460040000-read-models-reinstatement';
import { ReadModelsGeneration1764460040001 } from './1764460040001-read-models-generation';
import { IdempotencyKeyOwner1764800300000 } from './1764800300000-idempotency-key-owner';
import { AlertNotifierUnitNames1764800300001 } from './1764800300001-alert-notifier-unit-names';
import { AlertsAsOf1764800400000 } from './1764800400000-alerts-as-of';
import { AppendBatch1764800500000 } from './1764800500000-append-batch';
import { PlanStandingItems1764800900000 } from './1764800900000-plan-standing-items';
import { ReadModelsAssignments1764801000000 } from './1764801000000-read-models-assignments';
import { AlertNotices1764801100000 } from './1764801100000-alert-notices';
import { EvidenceFiles1764801200000 } from './1764801200000-evidence-files';
import { AlertRobots1764801300000 } from './1764801300000-alert-robots';

/**
 * Every schema migration, in order. A migration is named `<timestamp>-<kebab-description>.ts`;
 * append new ones here, one per line.
 */
export const MIGRATIONS = [
  EventStore1764460000000,
  ApiTokens1764460001000,
  PlanCatalog1764460002000,
  IdempotencyKeys1764460003000,
  ReadModels1764460010000,
  ReadModelsBoardMeta1764460010001,
  Alerts1764460020000,
  RecordedAtAfterLock1764460030000,
  ReadModelsReinstatement1764460040000,
  ReadModelsGeneration1764460040001,
  IdempotencyKeyOwner1764800300000,
  AlertNotifierUnitNames1764800300001,
  AlertsAsOf1764800400000,
  AppendBatch1764800500000,
  PlanStandingItems1764800900000,
  ReadModelsAssignments1764801000000,
  AlertNotices1764801100000,
  EvidenceFiles1764801200000,
  AlertRobots1764801300000,
];
