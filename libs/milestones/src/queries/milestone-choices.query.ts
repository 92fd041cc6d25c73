import { Injectable } from '@nestjs/common';
import { EventStore } from '@app/event-store';
import { toMilestoneEvents } from '../commands/stored-milestone-events';
import {
  fold,
  MilestoneError,
  MilestoneErrorCode,
  milestoneStreamId,
  unitsChoicesMayName,
  type MilestoneActor,
  type MilestoneState,
} from '../domain';
import { MAX_CHOICES_BATCH } from '../labels/command.labels';
import { choicesView, type MilestoneChoicesView } from './milestone-choices.view';

/** The answers for several milestones: those that exist, in request order (each once), and the ids that do not. */
export interface MilestoneChoicesBatch {
  readonly milestones: readonly MilestoneChoicesView[];
  readonly unknownIds: readonly string[];
}

/**
 * Unit id → name for the ids given (the API's plan catalogue); unknown ids left out. The domain knows units by id:
 * refusals name them by name when the caller gives this, by id otherwise.
 */
export type UnitNameLookup = (ids: readonly string[]) => Promise<ReadonlyMap<string, string>>;

const BY_ID: UnitNameLookup = () => Promise.resolve(new Map());

/** The names of every unit the refusals of these milestones may name, in one lookup. */
function namesFor(
  states: readonly MilestoneState[],
  actor: MilestoneActor,
  unitNames: UnitNameLookup,
): Promise<ReadonlyMap<string, string>> {
  const ids = [...new Set(states.flatMap((s) => unitsChoicesMayName(actor, s)))];
  return ids.length === 0 ? BY_ID(ids) : unitNames(ids);
}

/** The commands a caller may issue on a milestone now, from the domain's own admission rules (`commandChoices`). */
@Injectable()
export class MilestoneChoicesQuery {
  constructor(private readonly store: EventStore) {}

  async choices(
    milestoneId: string,
    actor: MilestoneActor,
    unitNames: UnitNameLookup = BY_ID,
  ): Promise<MilestoneChoicesView> {
    const state = fold(toMilestoneEvents(await this.store.readStream(milestoneStreamId(milestoneId))));
    if (!state.exists) {
      throw new MilestoneError(MilestoneErrorCode.MILESTONE_NOT_FOUND, {
        field: 'id',
        details: { milestoneId },
      });
    }
    return choicesView(milestoneId, state, actor, await namesFor([state], actor, unitNames));
  }

  /**
   * `choices` for each id, from one read of all their streams (`EventStore.readStreams`), unknown ids apart. At
   * most `MAX_CHOICES_BATCH` ids, counted as asked (the route's limit too): more is a TOO_MANY_ITEMS validation
   * error naming `ids`, before anything is read.
   */
  async choicesOfMany(
    milestoneIds: readonly string[],
    actor: MilestoneActor,
    unitNames: UnitNameLookup = BY_ID,
  ): Promise<MilestoneChoicesBatch> {
    if (milestoneIds.length > MAX_CHOICES_BATCH) {
      throw new MilestoneError(MilestoneErrorCode.TOO_MANY_ITEMS, {
        field: 'ids',
        details: { count: milestoneIds.length, max: MAX_CHOICES_BATCH },
      });
    }
    const ids = [...new Set(milestoneIds)];
    const streams = await this.store.readStreams(ids.map(milestoneStreamId));
    const states = ids.map((id) => fold(toMilestoneEvents(streams.get(milestoneStreamId(id)) ?? [])));
    const names = await namesFor(
      states.filter((s) => s.exists),
      actor,
      unitNames,
    );
    return {
      milestones: ids.flatMap((id, i) =>
        states[i]!.exists ? [choicesView(id, states[i]!, actor, names)] : [],
      ),
      unknownIds: ids.filter((_, i) => !states[i]!.exists),
    };
  }
}
