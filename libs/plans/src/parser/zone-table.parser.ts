import { buildGazetteer } from '../model/gazetteer';
import type { PolicyExtensionTown, Zone } from '../model/plan.model';
import type { Finding } from '../model/plan-finding.model';
import { PlanParseError } from './plan-parse.error';
import { readCells, type Cell, type DocumentLine } from './table-cells.reader';

/** Header cells of 附件1: “三区”名称 | 市（区）名称 | 镇（街）名称 | 区域政策延伸适用范围. */
const HEADER_KEYWORDS = ['三区', '市（区）', '镇（街）', '政策延伸'] as const;
const COLUMNS = HEADER_KEYWORDS.length;

export interface ZoneTable {
  readonly title: string;
  readonly zones: readonly Zone[];
  readonly findings: readonly Finding[];
}

interface ZoneRow {
  readonly zone: string;
  readonly district: string;
  readonly towns: readonly string[];
  readonly policyExtension: readonly string[];
  readonly line: number;
}

function splitNames(text: string): string[] {
  return text.split(/[、，,\s]+/u).filter((s) => s.length > 0);
}

function isHeader(cells: readonly Cell[]): boolean {
  return HEADER_KEYWORDS.every((k, i) => cells[i]?.text.includes(k) === true);
}

function malformed(en: string, zh: string, line: number): PlanParseError {
  return new PlanParseError('ZONE_TABLE_MALFORMED', en, zh, line);
}

function toRows(cells: readonly Cell[]): ZoneRow[] {
  const rows: ZoneRow[] = [];
  let zone: string | undefined;
  for (let i = 0; i < cells.length; i += COLUMNS) {
    const [zoneCell, districtCell, townsCell, policyCell] = cells.slice(i, i + COLUMNS);
    if (!zoneCell || !districtCell || !townsCell || !policyCell) {
      const line = cells[i]?.line ?? 0;
      throw malformed(
        `Zone table row is incomplete: expected ${COLUMNS} cells`,
        `附件1功能分区表的行不完整：每行应有${COLUMNS}列`,
        line,
      );
    }
    zone = zoneCell.text || zone;
    if (!zone)
      throw malformed(
        'Zone table row has no zone name',
        '附件1功能分区表第一行缺少“三区”名称',
        zoneCell.line,
      );
    if (!districtCell.text)
      throw malformed(
        'Zone table row has no district name',
        '附件1功能分区表的行缺少市（区）名称',
        districtCell.line,
      );
    rows.push({
      zone,
      district: districtCell.text,
      towns: splitNames(townsCell.text),
      policyExtension: splitNames(policyCell.text),
      line: districtCell.line,
    });
  }
  return rows;
}

function groupZones(rows: readonly ZoneRow[]): Array<{ name: string; rows: ZoneRow[] }> {
  const zones: Array<{ name: string; rows: ZoneRow[] }> = [];
  for (const row of rows) {
    const last = zones.at(-1);
    if (last?.name === row.zone) last.rows.push(row);
    else zones.push({ name: row.zone, rows: [row] });
  }
  return zones;
}

function mergeDistricts(rows: readonly ZoneRow[]): Array<{ name: string; towns: string[] }> {
  const districts = new Map<string, string[]>();
  for (const row of rows) districts.set(row.district, [...(districts.get(row.district) ?? []), ...row.towns]);
  return [...districts].map(([name, towns]) => ({ name, towns }));
}

/** Parses 附件1 (功能分区图表): zone → district → towns, plus the 区域政策延伸适用范围 column. */
export function parseZoneTable(lines: readonly DocumentLine[]): ZoneTable {
  const { preamble, cells } = readCells(lines);
  if (!isHeader(cells)) {
    throw malformed(
      'Zone table (附件1) has no header “三区”名称 | 市（区）名称 | 镇（街）名称 | 区域政策延伸适用范围',
      '附件1功能分区表缺少表头（“三区”名称、市（区）名称、镇（街）名称、区域政策延伸适用范围）',
      cells[0]?.line ?? preamble[0]?.no ?? 0,
    );
  }
  const rows = toRows(cells.slice(COLUMNS));
  if (rows.length === 0)
    throw malformed('Zone table has no rows', '附件1功能分区表没有数据行', cells[0]?.line ?? 0);

  const grouped = groupZones(rows);
  const gazetteer = buildGazetteer(
    grouped.map((z) => ({ name: z.name, districts: mergeDistricts(z.rows), policyExtensionTowns: [] })),
  );
  const findings: Finding[] = [];
  const resolveTown = (town: string, row: ZoneRow): PolicyExtensionTown => {
    const known = gazetteer.townsByName.get(town);
    if (!known) {
      findings.push({
        task: null,
        kind: 'unknown-policy-extension-town',
        detail: `区域政策延伸适用范围中的“${town}”不在功能分区表的镇（街）中`,
        detailEn: `Policy-extension town ${town} is not a town of the zone table`,
        line: row.line,
        original: town,
      });
    }
    return { district: known?.district ?? null, town };
  };
  const zones = grouped.map((z): Zone => ({
    name: z.name,
    districts: mergeDistricts(z.rows),
    policyExtensionTowns: z.rows.flatMap((row) => row.policyExtension.map((town) => resolveTown(town, row))),
  }));
  return { title: preamble.map((l) => l.text).join(''), zones, findings };
}
