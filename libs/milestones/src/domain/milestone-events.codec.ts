import { EventCodec, shape } from '@app/event-store';
import type {
  MilestoneEventDataByType,
  MilestoneEventType,
  MilestonePlannedData,
  MilestoneRevisedData,
  PlanImportEvent,
} from './milestone.events';
import { eachEvent } from './commands/tables';
import { leadModeOf } from './state/assignment';

/**
 * Planned before assignments existed: no `leadMode` (several lead units were 分别牵头 in the seed plan); before
 * city-wide tasks were marked: no `cityWide` (a task in no zone is city-wide).
 */
function upcastPlanned(d: MilestonePlannedData): MilestonePlannedData {
  if (d.leadMode !== undefined && d.cityWide !== undefined) return d;
  return { ...d, leadMode: leadModeOf(d), cityWide: d.cityWide ?? d.zones.length === 0 };
}

/** The same for a revision: how the new lead units lead, and whether the new places are city-wide. */
function upcastRevised(d: MilestoneRevisedData): MilestoneRevisedData {
  const leadMode =
    d.leadMode ?? (d.leadUnits !== undefined ? leadModeOf({ leadUnits: d.leadUnits }) : undefined);
  const cityWide = d.cityWide ?? (d.zones !== undefined ? d.zones.length === 0 : undefined);
  if (leadMode === d.leadMode && cityWide === d.cityWide) return d;
  return {
    ...d,
    ...(leadMode !== undefined ? { leadMode } : {}),
    ...(cityWide !== undefined ? { cityWide } : {}),
  };
}

const planned = shape<MilestonePlannedData>(
  {
    milestoneId: 'string',
    planKey: 'string',
    taskNo: 'number',
    section: 'number',
    taskTitle: 'string',
    period: 'object',
    dueDate: 'string',
    text: 'string',
    indicators: 'array',
    leadUnits: 'array',
    leadMode: 'string?',
    cooperatingUnits: 'array',
    zones: 'array',
    districts: 'array',
    cityWide: 'boolean?',
  },
  upcastPlanned,
);

/**
 * The milestone event union as stored (stream `milestone-<id>`): each type's payload checked and, for older shapes,
 * upcast to the current one (a command's event: by the decoder in its module). Every reader of milestone events
 * decodes through it (`toMilestoneEvent` for the fold).
 */
export const MILESTONE_EVENTS = new EventCodec<MilestoneEventDataByType>('milestone', {
  MilestonePlanned: planned,
  MilestoneAdded: planned,
  MilestoneRevised: shape<MilestoneRevisedData>(
    {
      text: 'string',
      dueDate: 'string',
      indicators: 'array',
      previousText: 'string',
      leadUnits: 'array?',
      leadMode: 'string?',
      cooperatingUnits: 'array?',
      zones: 'array?',
      districts: 'array?',
      cityWide: 'boolean?',
    },
    upcastRevised,
  ),
  MilestoneWithdrawn: shape({ reason: 'string' }),
  ...eachEvent('decode'),
});

/** Every milestone event type (the codec's: adding a type without its decoder fails to build). */
export const MILESTONE_EVENT_TYPES = MILESTONE_EVENTS.types;

const PLAN_IMPORT_EVENT_TYPES: readonly string[] = [
  'MilestonePlanned',
  'MilestoneAdded',
  'MilestoneRevised',
  'MilestoneWithdrawn',
] satisfies readonly PlanImportEvent['type'][];

/** The events of milestone commands (what units and the office report), not of the plan import. */
export const COMMAND_EVENT_TYPES = MILESTONE_EVENT_TYPES.filter((t) => !PLAN_IMPORT_EVENT_TYPES.includes(t));

export function isMilestoneEventType(type: string): type is MilestoneEventType {
  return MILESTONE_EVENTS.knows(type);
}
