import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppError } from '@app/platform';
import { assignmentPlans, leadModeOf, type LeadMode, type MilestonePlannedData } from '@app/milestones';
import type { PlannedMilestone } from '../import/milestone-changes';
import type { ParsedPlan, PlanTask, Section, Unit, Zone } from '../model/plan.model';

export interface PlanSummary {
  readonly planKey: string;
  readonly title: string;
  readonly documentSha256: string;
  readonly sourceName: string | null;
  readonly importedAt: string;
  readonly revisedAt: string | null;
  readonly counts: {
    zones: number;
    districts: number;
    towns: number;
    policyExtensionTowns: number;
    sections: number;
    tasks: number;
    milestones: number;
    units: number;
    findings: number;
  };
}

export interface DistrictView {
  readonly name: string;
  readonly zones: { zone: string; towns: readonly string[] }[];
  readonly towns: number;
  readonly government: string;
}

/** What the import writes besides `MilestonePlannedData` (absent from events written before it did). */
type ImportedExtras = Partial<Pick<PlannedMilestone, 'startDate' | 'dueDateSource' | 'documentSha256'>>;

export interface MilestonePlanView extends MilestonePlannedData, ImportedExtras {
  readonly id: string;
  readonly withdrawn: boolean;
  /** How the lead units lead (read as the domain reads older streams). */
  readonly leadMode: LeadMode;
  readonly cityWide: boolean;
  /** 承办事项: one per lead unit of a 分别牵头 milestone, else one; commands name one by its `key`. */
  readonly assignments: readonly {
    readonly key: string;
    readonly leadUnits: readonly string[];
    readonly leadUnitNames: readonly string[];
  }[];
  readonly leadUnitNames: readonly string[];
  readonly cooperatingUnitNames: readonly string[];
}

export type TaskView = Omit<PlanTask, 'milestones'> & { milestones: MilestonePlanView[] };

interface PlanRow {
  plan_key: string;
  title: string;
  document_sha256: string;
  source_name: string | null;
  imported_at: Date;
  revised_at: Date | null;
  model: ParsedPlan;
}

function notFound(what: string, zh: string, field: string, value: string): AppError {
  return new AppError({
    kind: 'not_found',
    code: `${what.toUpperCase()}_NOT_FOUND`,
    field,
    message: `No ${what} "${value}"`,
    messageZh: `${zh}不存在：${value}`,
  });
}

/** Read side of the plan catalogue (reference data), from the `plan-catalog` projection. */
@Injectable()
export class PlanCatalogQueries {
  constructor(private readonly dataSource: DataSource) {}

  private async plan(planKey?: string): Promise<PlanRow> {
    const rows = await this.dataSource.query<PlanRow[]>(
      planKey
        ? 'SELECT * FROM plan_plans WHERE plan_key = $1'
        : 'SELECT * FROM plan_plans ORDER BY imported_at LIMIT 1',
      planKey ? [planKey] : [],
    );
    const row = rows[0];
    if (!row) {
      throw planKey
        ? notFound('plan', '计划', 'plan', planKey)
        : new AppError({
            kind: 'not_found',
            code: 'NO_PLAN_IMPORTED',
            message: 'No plan has been imported yet (POST /api/v1/plans:import)',
            messageZh: '尚未导入任何计划',
          });
    }
    return row;
  }

  async plans(): Promise<PlanSummary[]> {
    const rows = await this.dataSource.query<(PlanRow & { milestones: string })[]>(
      `SELECT p.*, (SELECT count(*) FROM plan_milestones m WHERE m.plan_key = p.plan_key AND NOT m.withdrawn) AS milestones
         FROM plan_plans p ORDER BY imported_at`,
    );
    return rows.map((r) => {
      const m = r.model;
      return {
        planKey: r.plan_key,
        title: r.title,
        documentSha256: r.document_sha256,
        sourceName: r.source_name,
        importedAt: r.imported_at.toISOString(),
        revisedAt: r.revised_at?.toISOString() ?? null,
        counts: {
          zones: m.zones.length,
          districts: new Set(m.zones.flatMap((z) => z.districts.map((d) => d.name))).size,
          towns: m.zones.reduce((a, z) => a + z.districts.reduce((b, d) => b + d.towns.length, 0), 0),
          policyExtensionTowns: m.zones.reduce((a, z) => a + z.policyExtensionTowns.length, 0),
          sections: m.sections.length,
          tasks: m.tasks.length,
          milestones: Number(r.milestones),
          units: m.units.length,
          findings: m.findings.length,
        },
      };
    });
  }

  async zones(planKey?: string): Promise<readonly Zone[]> {
    return (await this.plan(planKey)).model.zones;
  }

  async districts(planKey?: string): Promise<DistrictView[]> {
    const zones = (await this.plan(planKey)).model.zones;
    const byName = new Map<string, DistrictView>();
    for (const z of zones) {
      for (const d of z.districts) {
        const v = byName.get(d.name) ?? { name: d.name, zones: [], towns: 0, government: `${d.name}政府` };
        v.zones.push({ zone: z.name, towns: d.towns });
        byName.set(d.name, { ...v, towns: v.towns + d.towns.length });
      }
    }
    return [...byName.values()];
  }

  async sections(planKey?: string): Promise<(Section & { taskCount: number; tasks: number[] })[]> {
    const m = (await this.plan(planKey)).model;
    return m.sections.map((s) => {
      const tasks = m.tasks.filter((t) => t.section === s.no).map((t) => t.no);
      return { ...s, taskCount: tasks.length, tasks };
    });
  }

  async units(planKey?: string): Promise<(Unit & { leads: number[]; cooperates: number[] })[]> {
    const m = (await this.plan(planKey)).model;
    return m.units.map((u) => ({
      ...u,
      leads: m.tasks.filter((t) => t.leadUnitIds.includes(u.id)).map((t) => t.no),
      cooperates: m.tasks.filter((t) => t.cooperatingUnitIds.includes(u.id)).map((t) => t.no),
    }));
  }

  /** Unit id → name for the ids given (of any plan: unit ids are unique across plans); unknown ids are left out. */
  async unitNames(ids: readonly string[]): Promise<Map<string, string>> {
    const rows = await this.dataSource.query<{ id: string; name: string }[]>(
      'SELECT id, name FROM plan_units WHERE id = ANY($1::text[])',
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  async unitExists(unitId: string): Promise<boolean> {
    return (
      (await this.dataSource.query<unknown[]>('SELECT 1 FROM plan_units WHERE id = $1', [unitId])).length > 0
    );
  }

  async tasks(planKey?: string): Promise<TaskView[]> {
    const plan = await this.plan(planKey);
    const milestones = await this.milestoneViews(plan, 'plan_key = $1', [plan.plan_key]);
    return plan.model.tasks.map((t) => this.taskView(t, milestones));
  }

  async task(no: number, planKey?: string): Promise<TaskView> {
    const plan = await this.plan(planKey);
    const t = plan.model.tasks.find((x) => x.no === no);
    if (!t) throw notFound('task', '重点事项', 'no', String(no));
    const milestones = await this.milestoneViews(plan, 'plan_key = $1 AND task_no = $2', [plan.plan_key, no]);
    return this.taskView(t, milestones);
  }

  async milestone(id: string): Promise<MilestonePlanView> {
    const rows = await this.dataSource.query<{ plan_key: string }[]>(
      'SELECT plan_key FROM plan_milestones WHERE id = $1',
      [id],
    );
    if (!rows[0]) throw notFound('milestone', '里程碑', 'id', id);
    const plan = await this.plan(rows[0].plan_key);
    const [view] = await this.milestoneViews(plan, 'id = $1', [id]);
    return view!;
  }

  private taskView(t: PlanTask, milestones: MilestonePlanView[]): TaskView {
    const { milestones: _planned, ...rest } = t;
    return { ...rest, milestones: milestones.filter((m) => m.taskNo === t.no) };
  }

  private async milestoneViews(
    plan: PlanRow,
    where: string,
    params: unknown[],
  ): Promise<MilestonePlanView[]> {
    const rows = await this.dataSource.query<{ data: MilestonePlannedData; withdrawn: boolean }[]>(
      `SELECT data, withdrawn FROM plan_milestones WHERE ${where} ORDER BY task_no, period_to, period_from, id`,
      params,
    );
    const names = new Map(plan.model.units.map((u) => [u.id, u.name]));
    const named = (units: readonly string[]) => units.map((u) => names.get(u) ?? u);
    return rows.map((r) => {
      const leadMode = leadModeOf(r.data);
      return {
        id: r.data.milestoneId,
        ...r.data,
        withdrawn: r.withdrawn,
        leadMode,
        cityWide: r.data.cityWide ?? r.data.zones.length === 0,
        assignments: assignmentPlans(r.data.leadUnits, leadMode).map((a) => ({
          ...a,
          leadUnitNames: named(a.leadUnits),
        })),
        leadUnitNames: named(r.data.leadUnits),
        cooperatingUnitNames: named(r.data.cooperatingUnits),
      };
    });
  }
}
