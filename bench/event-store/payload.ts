import { randomUUID } from 'node:crypto';
import type { EventMetadata, NewEvent } from '@app/event-store';

/** Progress summaries in the register of the 三区并进 key-task plan (seeds/jiangmen-sanqu-2020-2022.txt). */
const SUMMARIES = [
  '珠西综合交通枢纽江门站配套设施工程已完成主体结构，芦霞大桥上部结构施工进度约七成，下阶段推进路基及水稳层施工。',
  '国际陆港核心启动区道路工程完成路基填筑，江门北站道路项目已完成征地拆迁，正在开展管线迁改和交通疏解工作。',
  '大广海湾区沿海产业带招商项目签约三个，银湖湾滨海新区起步区规划已报审，基础设施配套工程按计划推进。',
  '生态发展区乡村振兴示范带建设完成年度投资约六成，赤坎古镇活化利用项目一期开放运营，游客接待量稳步回升。',
  '主核心区科教文化设施建设有序推进，创意孵化基地新增入驻企业十二家，商贸物流园区完成二期土地平整。',
  '台开同城化交通互联项目完成可行性研究，副核心区重点园区规划对接会议已召开，形成任务清单并分解落实。',
];

const NEXT_STEPS = [
  '下月完成施工图审查并组织招标。',
  '加快资金拨付，确保年底前完工。',
  '协调自然资源部门办理用地手续。',
  '组织专家论证，完善实施方案。',
];

const TASK_NAMES = [
  '打造“一主一副”双核心，提升中心城区辐射带动能力',
  '推进珠西枢纽新城建设，完善衔接交通路网',
  '建设大广海湾经济区，打造沿海产业发展带',
  '推动生态发展区绿色发展，建设乡村振兴示范带',
];

const STATUSES = ['on_track', 'at_risk', 'on_track', 'completed'] as const;
const UNITS = ['u-cityplan', 'u-transport', 'u-natres', 'u-commerce', 'u-pengjiang', 'u-taishan'];

export interface ProgressReported {
  readonly taskId: string;
  readonly taskName: string;
  readonly year: number;
  readonly period: string;
  readonly unitId: string;
  readonly status: (typeof STATUSES)[number];
  readonly percent: number;
  readonly summary: string;
  readonly nextSteps: string;
  readonly attachments: number;
}

/** A ProgressReported-like event: a jsonb `data` of about 400 bytes with Chinese text, metadata with actor and occurredAt. */
export function progressReported(i: number): NewEvent<'ProgressReported', ProgressReported> {
  const unit = UNITS[i % UNITS.length]!;
  const month = (i % 12) + 1;
  const data: ProgressReported = {
    taskId: `T-${String((i % 46) + 1).padStart(2, '0')}`,
    taskName: TASK_NAMES[i % TASK_NAMES.length]!,
    year: 2020 + (i % 3),
    period: `${2020 + (i % 3)}-${String(month).padStart(2, '0')}`,
    unitId: unit,
    status: STATUSES[i % STATUSES.length]!,
    percent: (i * 7) % 101,
    summary: SUMMARIES[i % SUMMARIES.length]!,
    nextSteps: NEXT_STEPS[i % NEXT_STEPS.length]!,
    attachments: i % 4,
  };
  const metadata: EventMetadata = {
    actor: { tokenId: `tok-${unit}`, tokenName: `${unit} 填报员`, role: 'reporter', unit },
    correlationId: randomUUID(),
    occurredAt: new Date(Date.UTC(2021, month - 1, (i % 28) + 1, 9, 30)).toISOString(),
  };
  return { eventId: randomUUID(), type: 'ProgressReported', data, metadata };
}

/** UTF-8 sizes of the JSON of `data` and `metadata`, averaged over the payload variants. */
export function payloadSizes(): { dataBytes: number; metadataBytes: number } {
  let data = 0;
  let meta = 0;
  const n = 24;
  for (let i = 0; i < n; i++) {
    const e = progressReported(i);
    data += Buffer.byteLength(JSON.stringify(e.data));
    meta += Buffer.byteLength(JSON.stringify(e.metadata));
  }
  return { dataBytes: Math.round(data / n), metadataBytes: Math.round(meta / n) };
}
