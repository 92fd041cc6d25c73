import { Injectable } from '@nestjs/common';
import { EventStore } from '@app/event-store';
import { toMilestoneEvents } from '../commands/stored-milestone-events';
import { fold, MilestoneError, MilestoneErrorCode, milestoneStreamId, type MilestoneActor } from '../domain';
import { MAX_CHOICES_BATCH } from '../labels/command.labels';
import { choicesView, type MilestoneChoicesView } from './milestone-choices.view';

/** The answers for several milestones: those that exist, in request order (each once), and the ids that do not. */
export interface MilestoneChoicesBatch {
  readonly milestones: readonly MilestoneChoicesView[];
  readonly unknownIds: readonly string[];
}

/** The commands a caller may issue on a milestone now, from the domain's own admission rules (`commandChoices`). */
@Injectable()
export class MilestoneChoicesQuery {
  constructor(private readonly store: EventStore) {}

  async choices(milestoneId: string, actor: MilestoneActor): Promise<MilestoneChoicesView> {
    const state = fold(toMilestoneEvents(await this.store.readStream(milestoneStreamId(milestoneId))));
    if (!state.exists) {
      throw new MilestoneError(MilestoneErrorCode.MILESTONE_NOT_FOUND, {
        field: 'id',
        details: { milestoneId },
      });
    }
    return choicesView(milestoneId, state, actor);
  }

  /**
   * `choices` for each id, from one read of all their streams (`EventStore.readStreams`), unknown ids apart. At
   * most `MAX_CHOICES_BATCH` ids, counted as asked (the route's limit too): more is a TOO_MANY_ITEMS validation
   * error naming `ids`, before anything is read.
   */
  async choicesOfMany(
    milestoneIds: readonly string[],
    actor: MilestoneActor,
  ): Promise<MilestoneChoicesBatch> {
    if (milestoneIds.length > MAX_CHOICES_BATCH) {
      throw new MilestoneError(MilestoneErrorCode.TOO_MANY_ITEMS, {
        field: 'ids',
        details: { count: milestoneIds.length, max: MAX_CHOICES_BATCH },
      });
    }
    const ids = [...new Set(milestoneIds)];
    const streams = await this.store.readStreams(ids.map(milestoneStreamId));
    const milestones: MilestoneChoicesView[] = [];
    const unknownIds: string[] = [];
    for (const id of ids) {
      const state = fold(toMilestoneEvents(streams.get(milestoneStreamId(id)) ?? []));
      if (state.exists) milestones.push(choicesView(id, state, actor));
      else unknownIds.push(id);
    }
    return { milestones, unknownIds };
  }
}
