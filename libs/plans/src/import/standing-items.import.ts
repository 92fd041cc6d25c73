import { type AppendRequest, type NewEvent } from '@app/event-store';
import { standingStreamId, type StandingItemPlannedData } from '@app/milestones';
import type { ParsedPlan } from '../model/plan.model';

/** The standing items (常态化事项) of a parsed plan: each undated line of a task, `<planKey>.T<nn>-S<k>`. */
export function standingItemsOf(plan: ParsedPlan): StandingItemPlannedData[] {
  const years = plan.tasks.flatMap((t) => t.milestones.flatMap((m) => [m.period.from, m.period.to]));
  const period = { from: Math.min(...years), to: Math.max(...years) };
  return plan.tasks.flatMap((task) =>
    task.standingRequirements.map((s, i) => ({
      itemId: `${plan.planKey}.T${String(task.no).padStart(2, '0')}-S${i + 1}`,
      planKey: plan.planKey,
      taskNo: task.no,
      section: task.section,
      taskTitle: task.title,
      text: s.text,
      kind: s.kind,
      period,
      leadUnits: [...task.leadUnitIds],
      leadMode: task.leadMode,
      cooperatingUnits: [...task.cooperatingUnitIds],
      zones: task.zones.map((z) => z.name),
      districts: task.districts.map((d) => d.name),
      cityWide: task.cityWide,
    })),
  );
}

export interface CatalogStandingItem {
  readonly id: string;
  readonly withdrawn: boolean;
  readonly text: string;
  readonly stream_version: number;
}

/**
 * The appends that bring the standing items in line with a document: planned when new, revised when the line
 * changed (or was withdrawn before), withdrawn when gone. `ev` makes the event (ids derive from the transition).
 */
export function standingItemChanges(
  items: readonly StandingItemPlannedData[],
  current: ReadonlyMap<string, CatalogStandingItem>,
  ev: (id: string, version: number | undefined, type: string, data: unknown) => NewEvent,
  withdrawalReason: string,
): { requests: AppendRequest[]; added: string[]; revised: string[]; withdrawn: string[] } {
  const requests: AppendRequest[] = [];
  const added: string[] = [];
  const revised: string[] = [];
  const withdrawn: string[] = [];
  for (const item of items) {
    const cur = current.get(item.itemId);
    const streamId = standingStreamId(item.itemId);
    if (cur === undefined) {
      added.push(item.itemId);
      requests.push({
        streamId,
        expected: 'no_stream',
        events: [ev(item.itemId, undefined, 'StandingItemPlanned', item)],
      });
    } else if (cur.withdrawn || cur.text !== item.text) {
      revised.push(item.itemId);
      const data = { text: item.text, previousText: cur.text };
      requests.push({
        streamId,
        expected: 'any',
        events: [ev(item.itemId, cur.stream_version, 'StandingItemRevised', data)],
      });
    }
  }
  const inDocument = new Set(items.map((i) => i.itemId));
  for (const cur of current.values()) {
    if (cur.withdrawn || inDocument.has(cur.id)) continue;
    withdrawn.push(cur.id);
    requests.push({
      streamId: standingStreamId(cur.id),
      expected: 'any',
      events: [ev(cur.id, cur.stream_version, 'StandingItemWithdrawn', { reason: withdrawalReason })],
    });
  }
  return { requests, added, revised, withdrawn };
}
