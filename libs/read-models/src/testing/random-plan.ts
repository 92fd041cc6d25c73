import type { LeadMode, MilestonePlannedData } from '@app/milestones';

/** Deterministic PRNG (mulberry32): the same seed gives the same scenario. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ZONES = ['都市核心区', '大广海湾区', '生态发展区'] as const;
const DISTRICTS = ['蓬江区', '江海区', '新会区', '台山市', '开平市', '鹤山市', '恩平市'] as const;
export const UNITS = [
  'dept-development-reform',
  'dept-transport',
  'dept-natural-resources',
  'dept-commerce',
  'gov-pengjiang',
  'gov-taishan',
  'gov-enping',
  'dept-culture',
] as const;

export const pick = <T>(rng: () => number, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
function units(rng: () => number, n: number): string[] {
  const left = [...UNITS];
  const out: string[] = [];
  while (out.length < n && left.length > 0) out.push(left.splice(Math.floor(rng() * left.length), 1)[0]!);
  return out;
}

/**
 * Plan data of a random milestone (2020–2022, a few zones, districts and units). `leadMode` is stated for a
 * multi-lead milestone two times in three (else read from the lead units, as in older streams).
 */
export function randomPlannedData(
  rng: () => number,
  milestoneId: string,
  leads = 1,
  leadMode?: LeadMode,
): MilestonePlannedData {
  const year = 2020 + Math.floor(rng() * 3);
  const fromYear = rng() < 0.15 ? 2020 : year;
  const halfYear = rng() < 0.2;
  const zones = ZONES.filter(() => rng() < 0.4);
  const districts = DISTRICTS.filter(() => rng() < 0.35);
  const lead = units(rng, leads);
  const cooperating = UNITS.filter((u) => !lead.includes(u) && rng() < 0.25);
  const stated = leads > 1 && (leadMode === 'jointly' || rng() < 0.67);
  return {
    milestoneId,
    planKey: 'sanqu-2020',
    taskNo: 1 + Math.floor(rng() * 36),
    section: 1 + Math.floor(rng() * 5),
    taskTitle: `重点事项 ${milestoneId}`,
    period: { from: fromYear, to: year },
    dueDate: halfYear ? `${year}-06-30` : `${year}-12-31`,
    text: `${year}年，推进重点项目建设 ${milestoneId}。`,
    indicators: [],
    leadUnits: lead,
    ...(stated ? { leadMode: leadMode ?? 'separately' } : {}),
    cooperatingUnits: cooperating,
    zones,
    districts: districts.length > 0 ? districts : [pick(rng, DISTRICTS)],
  };
}
