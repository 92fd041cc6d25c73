import { MAX_CHOICES_BATCH } from '@app/milestones/labels';
import type { CommandKind } from '../forms/command-kinds';
import { command, getJson, type Query } from './client';
import type {
  AcknowledgedAlert,
  AlertPage,
  CommandResult,
  Freshness,
  HistoryEntry,
  MilestoneChoices,
  MilestoneChoicesBatch,
  MilestonePlan,
  Section,
  Session,
  Unit,
  Zone,
} from './types';

const enc = encodeURIComponent;

export const session = (token?: string): Promise<Session> =>
  getJson<Session>('/api/v1/dashboard/session', token !== undefined ? { token } : {});
/** Whether the figures are up to date (polled: it does not wait for the caller's last write to be counted). */
export const freshness = (): Promise<Freshness> =>
  getJson<Freshness>('/api/v1/status/freshness', { afterWrites: false });
export const plan = (id: string): Promise<MilestonePlan> =>
  getJson<MilestonePlan>(`/api/v1/milestones/${enc(id)}`);
/** What the signed-in person may do on the milestone now (the API's rules; the dashboard keeps none). */
export const commandChoices = (id: string): Promise<MilestoneChoices> =>
  getJson<MilestoneChoices>(`/api/v1/milestones/${enc(id)}/commands`);
/**
 * `commandChoices` of many milestones, by id: one request per `MAX_CHOICES_BATCH` ids (the API's limit). An id
 * that names no milestone, or whose request failed, has no entry (no buttons).
 */
export async function commandChoicesOf(ids: readonly string[]): Promise<Map<string, MilestoneChoices>> {
  const unique = [...new Set(ids)];
  const chunks: string[][] = [];
  for (let i = 0; i < unique.length; i += MAX_CHOICES_BATCH)
    chunks.push(unique.slice(i, i + MAX_CHOICES_BATCH));
  const answers = await Promise.all(
    chunks.map((chunk) =>
      getJson<MilestoneChoicesBatch>('/api/v1/milestones:commands', {
        query: { ids: chunk.join(',') },
      }).catch(() => null),
    ),
  );
  return new Map(answers.flatMap((a) => a?.milestones.map((m) => [m.milestoneId, m] as const) ?? []));
}
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
export const alerts = (query: Query): Promise<AlertPage> =>
  getJson<AlertPage>('/api/v1/alerts', { query, asOf: true });
export const acknowledgeAlert = (id: string, note: string): Promise<AcknowledgedAlert> =>
  command<AcknowledgedAlert>(`/api/v1/alerts/${enc(id)}/acknowledgement`, note ? { note } : {});

export type { CommandKind } from '../forms/command-kinds';

export const milestoneCommand = (
  id: string,
  kind: CommandKind,
  body: Record<string, unknown>,
  key: string,
): Promise<CommandResult> => command<CommandResult>(`/api/v1/milestones/${enc(id)}/${kind}`, body, key);
