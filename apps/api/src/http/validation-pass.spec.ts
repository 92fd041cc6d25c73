import {
  AcknowledgeAlertDto,
  ListAlertsQuery,
  ListDeliveriesQuery,
  ScanAlertsDto,
} from '../alerts/alerts.dto';
import { MILESTONE_COMMAND_ROUTES } from '../milestones/milestone-command.dto';
import { MilestoneIdsQueryDto } from '../milestones/milestone-choices.dto';
import { ImportPlanDto, PlanQueryDto } from '../plans/plans.controller';
import { MilestoneListQueryDto } from '../read-models/read-models.dto';
import { CloseYearDto, RetrospectiveQueryDto } from '../reports/reports.controller';
import { ReportStandingItemDto } from '../standing-items/standing-items.dto';
import { CreateTokenDto } from '../tokens/tokens.controller';
import { createValidationPipe } from './validation';
import { compareWithNest, type Dto, type In } from './testing/validation-compare';

const SHA = 'a'.repeat(64);
/** A valid value of each DTO checked. */
const CASES: [string, Dto, In, Record<string, unknown>][] = [
  ['ReportProgress', MILESTONE_COMMAND_ROUTES.ReportProgress.body, 'body', { percent: 40, narrative: 'x' }],
  [
    'ReportDelay',
    MILESTONE_COMMAND_ROUTES.ReportDelay.body,
    'body',
    { reason: 'r', forecastDate: '2021-06-30' },
  ],
  [
    'SubmitCompletion',
    MILESTONE_COMMAND_ROUTES.SubmitCompletion.body,
    'body',
    { completedOn: '2021-06-30', narrative: 'x', evidence: [{ name: 'a.pdf', sha256: SHA }] },
  ],
  ['AcceptCompletion', MILESTONE_COMMAND_ROUTES.AcceptCompletion.body, 'body', { note: 'n' }],
  ['ReturnCompletion', MILESTONE_COMMAND_ROUTES.ReturnCompletion.body, 'body', { reason: 'r' }],
  [
    'RebaselineDueDate',
    MILESTONE_COMMAND_ROUTES.RebaselineDueDate.body,
    'body',
    { reason: 'r', newDueDate: '2021-06-30' },
  ],
  [
    'ReviseIndicatorTarget',
    MILESTONE_COMMAND_ROUTES.ReviseIndicatorTarget.body,
    'body',
    { reason: 'r', metric: 'm', newTarget: 5 },
  ],
  ['CancelMilestone', MILESTONE_COMMAND_ROUTES.CancelMilestone.body, 'body', { reason: 'r' }],
  ['ScanAlertsDto', ScanAlertsDto, 'body', { asOf: '2021-06-30' }],
  ['AcknowledgeAlertDto', AcknowledgeAlertDto, 'body', { note: 'n' }],
  ['ListAlertsQuery', ListAlertsQuery, 'query', {}],
  ['ListDeliveriesQuery', ListDeliveriesQuery, 'query', {}],
  ['MilestoneListQueryDto', MilestoneListQueryDto, 'query', {}],
  ['MilestoneIdsQueryDto', MilestoneIdsQueryDto, 'query', { ids: 'sanqu-2020.T05-2021,sanqu-2020.T06-2021' }],
  ['PlanQueryDto', PlanQueryDto, 'query', { plan: 'sanqu-2020' }],
  ['CreateTokenDto', CreateTokenDto, 'body', { role: 'reporter', unit: 'u-taishan-gov', name: '张三' }],
  [
    'ImportPlanDto',
    ImportPlanDto,
    'body',
    { document: '附件1', sourceName: 'plan.txt', planKey: 'sanqu-2020' },
  ],
  ['CloseYearDto', CloseYearDto, 'body', { note: '结账' }],
  ['ReportStandingItemDto', ReportStandingItemDto, 'body', { narrative: '已完成', unit: 'u-taishan-gov' }],
  ['RetrospectiveQueryDto', RetrospectiveQueryDto, 'query', { format: 'csv', asOf: '2021-11-30' }],
];

describe('the validation pipe answers as Nest’s ValidationPipe with the same options', () => {
  it.each(CASES)(
    '%s: every value accepted or refused alike, the same instance or the same 400; valid ones by the check alone',
    async (name, dto, type, valid) => {
      const { accepted, fast } = await compareWithNest(dto, type, valid);
      expect(accepted).toBeGreaterThan(1); // valid values too, not only refusals
      // The pass check answered, not only class-validator; but a completion needs its evidence, nested objects
      // that the check leaves to class-validator.
      if (name === 'SubmitCompletion') expect(fast).toBe(0);
      else expect(fast).toBeGreaterThanOrEqual(1);
    },
  );

  it('a valid progress report is an instance of its DTO with the fields sent', async () => {
    const dto = MILESTONE_COMMAND_ROUTES.ReportProgress.body;
    const r = (await createValidationPipe().transform(
      { percent: 40, narrative: '已开工' },
      { type: 'body', metatype: dto },
    )) as object;
    expect(r).toBeInstanceOf(dto);
    expect({ ...r }).toEqual({ percent: 40, narrative: '已开工' });
  });
});
