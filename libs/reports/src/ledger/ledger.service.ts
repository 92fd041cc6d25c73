import type { Writable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { EventStore } from '@app/event-store';
import { milestoneStreamId } from '@app/milestones';
import { APP_CONFIG, endOfDayInZone, PLAN_TIME_ZONE, type AppConfig } from '@app/platform';
import { PlanCatalogQueries } from '@app/plans';
import {
  MilestoneBoardQueries,
  type MilestoneBoardView,
  type MilestoneFilterParams,
  type MilestoneSelection,
} from '@app/read-models';
import { isPlanEvent, toReviewEvent, type ReviewEvent } from '../retrospective/review-event';
import { ledgerLegend, ledgerSheetHeading, ledgerTitle, type LedgerFilterLabels } from './ledger-headings';
import { assignmentNotes } from './ledger-notes';
import { milestoneRows } from './ledger-rows';
import { LedgerWorkbook } from './ledger.xlsx';

/** A ledger ready to be written: the milestones selected (filters checked), the plan's title, the file name. */
export interface LedgerExport {
  readonly selection: MilestoneSelection;
  readonly planTitle: string;
  readonly filters: LedgerFilterLabels;
  /** 督办台账-2021-11-30.xlsx */
  readonly fileName: string;
}

/** Milestones read per batch (one read snapshot each): memory holds a batch's rows, not the ledger. */
const BATCH = 100;

/**
 * The 督办台账 (supervision ledger) in Excel: the milestones a 里程碑 list with the same filters shows, as of a date
 * and as known at an instant, one sheet per section of the plan. Rows, colours and dates come from the read
 * models (`MilestoneBoardQueries`); what the units said (progress notes, delay and return reasons) from each
 * milestone's events up to the selection's position, on the same two time axes.
 */
@Injectable()
export class LedgerService {
  constructor(
    private readonly board: MilestoneBoardQueries,
    private readonly store: EventStore,
    private readonly catalog: PlanCatalogQueries,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'health'>,
  ) {}

  /** Checks the filters (400 naming the field) and selects the milestones; nothing is written yet. */
  async prepare(params: MilestoneFilterParams): Promise<LedgerExport> {
    const selection = await this.board.select(params);
    const [plan] = await this.catalog.plans();
    const unitName =
      params.unit === undefined
        ? undefined
        : ((await this.catalog.units()).find((u) => u.id === params.unit)?.name ?? params.unit);
    return {
      selection,
      planTitle: plan?.title ?? '',
      filters: { ...params, ...(unitName !== undefined ? { unitName } : {}) },
      fileName: `督办台账-${selection.asOf}.xlsx`,
    };
  }

  /** Streams the workbook to `out` and ends it. */
  async write(ledger: LedgerExport, out: Writable): Promise<void> {
    const { selection } = ledger;
    const title = ledgerTitle(ledger.planTitle, selection.asOf);
    const book = new LedgerWorkbook(out, { title, created: endOfDayInZone(selection.asOf, PLAN_TIME_ZONE) });
    const legend = ledgerLegend(this.config.health);
    const used = new Set<string>();
    let section: number | null = null;
    for (let i = 0; i < selection.ids.length; i += BATCH) {
      const views = await this.board.viewsOf(selection, selection.ids.slice(i, i + BATCH));
      for (const view of views) {
        const shares = this.sharesShown(view, selection);
        if (shares?.length === 0) continue;
        if (view.section !== section) {
          if (section !== null) this.endSheet(book, legend);
          section = view.section;
          book.beginSheet(ledgerSheetHeading(title, selection, view.section, ledger.filters, used));
        }
        const rows = milestoneRows(view, assignmentNotes(await this.events(view.id, selection)));
        book.addMilestone(shares === undefined ? rows : rows.filter((r) => shares.includes(r.assignment)));
      }
    }
    if (section === null) {
      book.beginSheet(ledgerSheetHeading(title, selection, null, ledger.filters, used));
      book.addNote('没有符合筛选条件的里程碑。');
    }
    this.endSheet(book, legend);
    await book.finish();
  }

  /**
   * The shares of a 分别牵头 milestone that match the filters themselves (each its own row); undefined: all rows.
   * A milestone listed for another share's state or unit has no row of its own when none of its shares matches.
   */
  private sharesShown(view: MilestoneBoardView, sel: MilestoneSelection): readonly string[] | undefined {
    return view.assignments === undefined ? undefined : sel.shares.get(view.id);
  }

  private endSheet(book: LedgerWorkbook, legend: string): void {
    book.addNote(legend);
    book.endSheet();
  }

  /**
   * A milestone's events as the ledger sees them: up to the selection's position, recorded by its knownAt, and
   * (except the plan itself) happened by the end of its asOf day.
   */
  private async events(id: string, sel: MilestoneSelection): Promise<ReviewEvent[]> {
    const endMs = endOfDayInZone(sel.asOf, PLAN_TIME_ZONE).getTime();
    const knownMs = sel.knownAt === null ? Infinity : Date.parse(sel.knownAt);
    const stored = await this.store.readStream(milestoneStreamId(id), { maxPosition: sel.position });
    return stored
      .map(toReviewEvent)
      .filter((e): e is ReviewEvent => e !== undefined)
      .filter((e) => e.recordedMs <= knownMs && (isPlanEvent(e.event) || e.occurredMs < endMs));
  }
}
