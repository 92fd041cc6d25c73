import type { MilestoneEvent } from '@app/milestones';
import type { PlanColumns } from './board-rows';

/**
 * A milestone's plan columns after an event, in stream order, as the domain's state has them: all set by
 * MilestonePlanned / MilestoneAdded; MilestoneRevised changes the text and, when it carries them, the
 * responsibility (lead and cooperating units) and the places (zones, districts, 全市). Undefined until planned.
 */
export function planColumnsAfter(plan: PlanColumns | undefined, e: MilestoneEvent): PlanColumns | undefined {
  switch (e.type) {
    case 'MilestonePlanned':
    case 'MilestoneAdded': {
      const d = e.data;
      return {
        plan_key: d.planKey,
        task_no: d.taskNo,
        section: d.section,
        task_title: d.taskTitle,
        text: d.text,
        zones: [...d.zones],
        districts: [...d.districts],
        city_wide: d.cityWide ?? d.zones.length === 0,
        lead_units: [...d.leadUnits],
        cooperating_units: [...d.cooperatingUnits],
      };
    }
    case 'MilestoneRevised': {
      if (plan === undefined) return plan;
      const d = e.data;
      return {
        ...plan,
        text: d.text,
        lead_units: d.leadUnits ? [...d.leadUnits] : plan.lead_units,
        cooperating_units: d.cooperatingUnits ? [...d.cooperatingUnits] : plan.cooperating_units,
        zones: d.zones ? [...d.zones] : plan.zones,
        districts: d.districts ? [...d.districts] : plan.districts,
        city_wide: d.cityWide ?? (d.zones ? d.zones.length === 0 : plan.city_wide),
      };
    }
    default:
      return plan;
  }
}
