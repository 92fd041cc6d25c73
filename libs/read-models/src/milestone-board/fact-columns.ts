import type { LeadMode, MilestoneLifecycle } from '@app/milestones/labels';
import type { ColumnSpec, ColumnValue } from './bulk-columns';

/*
 * An assignment's facts and their columns, the same in `rm_milestones` (its latest version) and `rm_milestone_timeline`
 * (every version): each fact is a field of `AssignmentFacts` and one spec in `FACTS`, from which the column list, the
 * row type, the values written and the state read back are derived. node-postgres turns `date` into a local-midnight
 * Date and `bigint` into a string, so every select casts dates to text and every bigint is read with Number().
 *
 * The dashboard imports the shown facts' type from here (`ShownFacts`, type only: `@app/read-models/fact-columns` in
 * apps/dashboard/tsconfig.json), so this file imports types only, from the labels and `bulk-columns.ts`: vue-tsc
 * checks it with the browser's settings.
 */

/** A calendar day YYYY-MM-DD: the platform's `IsoDate` (not imported, see above). */
type IsoDate = string;

/**
 * One assignment's facts (承办事项), what the board's tables keep of it besides its key and lead units: with them, the
 * state `evolveAssignmentFacts` keeps (`BoardAssignmentState`, facts-state.ts). Instants are epoch milliseconds.
 */
export interface AssignmentFacts {
  /** In the milestone's current responsibility (false once a revised plan no longer names it: withdrawn). */
  readonly inPlan: boolean;
  /** The milestone's lead units and how they lead (what a later revision of the plan starts from). */
  readonly planLeadUnits: readonly string[];
  readonly planLeadMode: LeadMode;
  readonly periodFrom: number;
  readonly periodTo: number;
  readonly lifecycle: MilestoneLifecycle;
  readonly percent: number | null;
  /** Restored when a submission is returned. */
  readonly percentBeforeSubmission: number | null;
  /** occurredAt of the latest progress report (domain: `progress.at(-1).occurredAt`). */
  readonly lastProgressMs: number | null;
  readonly forecastDate: IsoDate | null;
  readonly forecastMs: number | null;
  readonly lastReportMs: number | null;
  readonly lastReportOn: IsoDate | null;
  /** The milestone's baseline (the plan's due date). */
  readonly baselineDueDate: IsoDate;
  readonly dueDate: IsoDate;
  readonly submittedOn: IsoDate | null;
  readonly acceptedOn: IsoDate | null;
  readonly lastReturnReason: string | null;
  /** Cancelled with the whole milestone, not excused alone (domain: `AssignmentState.cancelledWithMilestone`). */
  readonly cancelledWithMilestone: boolean;
  /** Events that concerned it and were flagged `backdated` (reported more than 30 days after they happened). */
  readonly backdatedEvents: number;
  /** The lifecycle a withdrawal ended; a revised plan that names it again reinstates it. */
  readonly lifecycleBeforeWithdrawal: MilestoneLifecycle | null;
}

/** An assignment's facts with its key and lead units (the board row's own columns): a `BoardAssignmentState`. */
export type KeyedFacts = AssignmentFacts & { readonly key: string; readonly leadUnits: readonly string[] };

type StoredField = keyof AssignmentFacts;

/**
 * A fact the board shows, on each assignment and on the milestone (`milestone-board.view.ts`). A milestone with several
 * assignments shows: `rules` what `milestoneAnswer` derives (lifecycle, percent, the dates it judges); `most` the
 * most of theirs; `latest` the latest date; `firstSet` the first that is set, in plan order; `same` the first
 * assignment's (a fact of the milestone itself, the same on each).
 */
export type Shown = 'rules' | 'most' | 'latest' | 'firstSet' | 'same';

export interface FactSpec<N extends string, F extends StoredField | null, R> extends ColumnSpec<N> {
  /** The state's field; null for the red flag carried in (`factsValues`' second argument, not in the state). */
  readonly field: F;
  /** The state's value from the row's (default: as it is). Its parameter is the row's type. */
  readonly read?: (v: R) => unknown;
  /** The column's value from the state's (default: as it is). */
  readonly write?: (v: never) => ColumnValue;
  readonly shown?: Shown;
  /** The state's field may be null (the compiler checks it against `AssignmentFacts`; the OpenAPI schema says so). */
  readonly nullable?: true;
}

interface FactOptions<F extends StoredField, R, S extends Shown, Z extends true> {
  readonly read?: (v: R) => AssignmentFacts[F];
  readonly write?: (v: AssignmentFacts[F]) => ColumnValue;
  /** Any text (quoted and escaped in the array literal); default: plain (numbers, dates, codes). */
  readonly anyText?: true;
  readonly expr?: string;
  readonly shown?: S;
  readonly nullable?: Z;
}

/** The column `name` (SQL element type `type`) keeps the state's `field`. */
function fact<
  const N extends string,
  const F extends StoredField,
  R = AssignmentFacts[F],
  const S extends Shown = never,
  const Z extends true = never,
>(
  name: N,
  type: string,
  field: F,
  { read, write, anyText, expr, shown, nullable }: FactOptions<F, R, S, Z> = {},
): FactSpec<N, F, R> &
  ([S] extends [never] ? unknown : { readonly shown: S }) &
  ([Z] extends [never] ? unknown : { readonly nullable: true }) {
  return {
    name,
    type,
    field,
    ...(anyText ? {} : { form: 'plain' as const }),
    ...(expr !== undefined ? { expr } : {}),
    ...(read ? { read } : {}),
    ...(write ? { write } : {}),
    ...(shown ? { shown } : {}),
    ...(nullable ? { nullable } : {}),
  } as FactSpec<N, F, R> &
    ([S] extends [never] ? unknown : { readonly shown: S }) &
    ([Z] extends [never] ? unknown : { readonly nullable: true });
}

const num = (v: string | number | null): number | null => (v === null ? null : Number(v));

/** The versions of a milestone share their lead-units array: joined once. */
const joined = new WeakMap<readonly string[], string>();
function joinedUnits(units: readonly string[]): string {
  let j = joined.get(units);
  if (j === undefined) joined.set(units, (j = units.join('\u001f')));
  return j;
}

/**
 * Every fact column. In the order of `AssignmentFacts` (as `newAssignmentFacts` builds it): `stateFromRow` builds its
 * objects in this order, so the fold sees one object shape whether a state was read back or started fresh.
 */
const FACTS = [
  fact('in_plan', 'boolean', 'inPlan'),
  // Joined by U+001F (a replay writes it for every version: cheaper than an array literal to build and to parse).
  fact('plan_lead_units', 'text', 'planLeadUnits', {
    anyText: true,
    write: joinedUnits,
    expr: 'string_to_array(x.plan_lead_units, chr(31))',
  }),
  fact('lead_mode', 'text', 'planLeadMode'),
  fact('period_from', 'integer', 'periodFrom'),
  fact('period_to', 'integer', 'periodTo'),
  fact('lifecycle', 'text', 'lifecycle', { shown: 'rules' }),
  fact('percent', 'real', 'percent', { shown: 'rules', nullable: true }),
  fact('percent_before_submission', 'real', 'percentBeforeSubmission', { nullable: true }),
  fact('last_progress_ms', 'bigint', 'lastProgressMs', { read: num, nullable: true }),
  fact('forecast_date', 'date', 'forecastDate', { shown: 'latest', nullable: true }),
  fact('forecast_ms', 'bigint', 'forecastMs', { read: num, nullable: true }),
  fact('last_report_ms', 'bigint', 'lastReportMs', { read: num, nullable: true }),
  fact('last_report_on', 'date', 'lastReportOn', { shown: 'rules', nullable: true }),
  fact('baseline_due_date', 'date', 'baselineDueDate', { shown: 'same' }),
  fact('due_date', 'date', 'dueDate', { shown: 'rules' }),
  fact('submitted_on', 'date', 'submittedOn', { shown: 'rules', nullable: true }),
  fact('accepted_on', 'date', 'acceptedOn', { shown: 'rules', nullable: true }),
  fact('last_return_reason', 'text', 'lastReturnReason', {
    anyText: true,
    shown: 'firstSet',
    nullable: true,
  }),
  fact('cancelled_with_milestone', 'boolean', 'cancelledWithMilestone'),
  fact('backdated_events', 'integer', 'backdatedEvents', { shown: 'most' }),
  fact('lifecycle_before_withdrawal', 'text', 'lifecycleBeforeWithdrawal', { nullable: true }),
  { name: 'red_flag_in', type: 'date', form: 'plain', field: null } as FactSpec<
    'red_flag_in',
    null,
    IsoDate | null
  >,
] as const;

type Fact = (typeof FACTS)[number];

// Every stored field has its column: a field without one fails to compile here, named as missing.
const _everyFieldHasAColumn: Record<Exclude<StoredField, Fact['field']>, 'has no fact column'> = {};

// A fact is marked `nullable` exactly when its field may be null: either way round fails to compile here.
type NullableField = { [F in StoredField]: null extends AssignmentFacts[F] ? F : never }[StoredField];
type MarkedNullable = Extract<Fact, { readonly nullable: true }>['field'];
const _nullableMarked: Record<
  Exclude<NullableField, MarkedNullable>,
  'may be null: add { nullable: true }'
> = {};
const _onlyNullableMarked: Record<
  Exclude<MarkedNullable, NullableField>,
  'is never null: drop nullable'
> = {};

export type FactColumn = Fact['name'];

type ShownFact = Extract<Fact, { readonly shown: Shown }>;
export type ShownField = ShownFact['field'];

/** The shown facts a milestone with several assignments shows as `shown`. */
export type ShownAs<S extends Shown> = Extract<ShownFact, { readonly shown: S }>['field'];

/** The facts the board shows of an assignment, as the state keeps them (the dashboard's type too). */
export type ShownFacts = Pick<AssignmentFacts, ShownField>;

/**
 * How the milestone shows each of them (`Shown`), in the order of the state; with the column's SQL type and
 * whether it may be null (the API's OpenAPI schema of the shown facts is derived from these).
 */
export const SHOWN_FACTS: readonly {
  readonly field: ShownField;
  readonly shown: Shown;
  readonly type: string;
  readonly nullable?: true;
}[] = FACTS.filter((f): f is ShownFact => 'shown' in f);

/** A row's fact columns as a select of `selectFacts` returns them. */
export type FactsRow = {
  -readonly [S in Fact as S['name']]: S extends FactSpec<string, StoredField | null, infer R> ? R : never;
};

/** The fact columns for `BulkColumns` (in the order of `factsValues`). */
export const FACT_SPECS: readonly ColumnSpec<FactColumn>[] = FACTS;

/** `alias.col` for each fact column, dates as text. */
export function selectFacts(alias: string): string {
  return FACTS.map((c) =>
    c.type === 'date' ? `${alias}.${c.name}::text AS ${c.name}` : `${alias}.${c.name}`,
  ).join(', ');
}

/**
 * Compiled once, at module load, from `FACTS`: a replay writes the facts of every event (millions) and the queries
 * read them back for every row. An array / object literal is about four times faster than a loop over the specs
 * (megamorphic property access; measured on the values written). The code holds only the specs' field and column
 * names; the converters are passed in as `read<i>` / `write<i>`.
 */
function compile<T>(body: string): T {
  const converters = FACTS.flatMap((f, i) => [
    ...(f.read ? [[`read${i}`, f.read] as const] : []),
    ...(f.write ? [[`write${i}`, f.write] as const] : []),
  ]);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- code from the specs' names above, built once
  const make = new Function(...converters.map(([name]) => name), `return ${body};`) as (...c: unknown[]) => T;
  return make(...converters.map(([, c]) => c));
}

/** The fact columns' values, in FACT_SPECS order. */
export const factsValues = compile<(s: AssignmentFacts, redFlagIn: IsoDate | null) => ColumnValue[]>(
  `(s, redFlagIn) => [${FACTS.map((f, i) => {
    const v = f.field === null ? 'redFlagIn' : `s.${f.field}`;
    return f.write ? `write${i}(${v})` : v;
  }).join(', ')}]`,
);

/** An assignment's facts from a row (its key and lead units come from the board row). */
export const stateFromRow = compile<(r: FactsRow, key: string, leadUnits: readonly string[]) => KeyedFacts>(
  `(r, key, leadUnits) => ({ key, leadUnits, ${FACTS.flatMap((f, i) =>
    f.field === null ? [] : [`${f.field}: ${f.read ? `read${i}(r.${f.name})` : `r.${f.name}`}`],
  ).join(', ')} })`,
);
