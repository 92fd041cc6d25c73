import type { CommandKind } from '../forms/command-kinds';
import { command, getJson, type Query } from './client';
import type {
  AlertView,
  CommandResult,
  HistoryEntry,
  MilestoneChoices,
  MilestonePlan,
  Section,
  Session,
  Unit,
  Zone,
} from './types';

const enc = encodeURIComponent;

export const session = (token?: string): Promise<Session> =>
  getJson<Session>('/api/v1/dashboard/session', token !== undefined ? { token } : {});
export const plan = (id: string): Promise<MilestonePlan> =>
  getJson<MilestonePlan>(`/api/v1/milestones/${enc(id)}`);
/** What the signed-in person may do on the milestone now (the API's rules; the dashboard keeps none). */
export const commandChoices = (id: string): Promise<MilestoneChoices> =>
  getJson<MilestoneChoices>(`/api/v1/milestones/${enc(id)}/commands`);
export const history = (id: string): Promise<HistoryEntry[]> =>
  getJson<HistoryEntry[]>(`/api/v1/milestones/${enc(id)}/history`);

let unitsCache: Promise<Unit[]> | null = null;
export const units = (): Promise<Unit[]> => {
  unitsCache ??= getJson<Unit[]>('/api/v1/units').catch((e: unknown) => {
    unitsCache = null;
    throw e;
  });
  return unitsCache;
};
export const zones = (): Promise<Zone[]> => getJson<Zone[]>('/api/v1/zones');
export const sections = (): Promise<Section[]> => getJson<Section[]>('/api/v1/sections');

/** Alerts as they stood on the picker's date (the API leaves out what was raised, repeated or resolved later). */
export const alerts = (query: Query): Promise<{ total: number; items: AlertView[]; asOf: string }> =>
  getJson<{ total: number; items: AlertView[]; asOf: string }>('/api/v1/alerts', { query, asOf: true });
export const acknowledgeAlert = (id: string, note: string): Promise<AlertView & { position: number }> =>
  command<AlertView & { position: number }>(
    `/api/v1/alerts/${enc(id)}/acknowledgement`,
    note ? { note } : {},
  );

export type { CommandKind } from '../forms/command-kinds';

export const milestoneCommand = (
  id: string,
  kind: CommandKind,
  body: Record<string, unknown>,
  key: string,
): Promise<CommandResult> => command<CommandResult>(`/api/v1/milestones/${enc(id)}/${kind}`, body, key);
