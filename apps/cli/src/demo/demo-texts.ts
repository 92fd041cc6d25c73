/** Every text the simulator writes starts with this mark, so nobody mistakes it for a real report. */
export const SIMULATED_MARK = '【模拟数据】';

/** Progress narratives by stage (percent bands). `{task}` is the task's short title. */
export const PROGRESS_NARRATIVES: readonly (readonly string[])[] = [
  // 0–19 %
  [
    '已成立{task}工作专班，明确牵头领导和责任科室，制定年度工作方案。',
    '完成前期调研和摸底，梳理任务清单和时间节点，报市政府审定。',
    '召开启动部署会，分解年度目标任务，落实配合单位分工。',
  ],
  // 20–49 %
  [
    '项目前期手续有序推进，已完成立项和可行性研究批复，正在办理用地手续。',
    '本月召开专题推进会一次，协调解决用地、资金等问题3项，整体进度符合预期。',
    '已完成年度任务的主要前期工作，相关招标工作已启动。',
  ],
  // 50–79 %
  [
    '主体工作全面铺开，本月完成年度计划工作量约一成，累计进度过半。',
    '重点项目均已开工建设，督导检查1次，发现问题已督促整改。',
    '按计划推进，已完成阶段性目标，下一步重点做好质量和安全管理。',
  ],
  // 80–99 %
  [
    '工作进入收尾阶段，正在组织自查验收并整理佐证材料。',
    '主要任务基本完成，剩余扫尾工作预计月内完成。',
    '已完成年度任务的绝大部分，正在准备销号材料。',
  ],
];

export const STALL_NARRATIVES: readonly string[] = [
  '本月进展缓慢，主要受前期问题影响，正在积极协调。',
  '工作暂未取得实质性进展，已向市政府专题报告困难问题。',
  '持续推进中，进度与上月基本持平。',
];

/** Plausible reasons for a delay (延期原因). */
export const DELAY_REASONS: readonly string[] = [
  '受新冠肺炎疫情影响，施工人员和材料进场延迟，部分工序停工。',
  '项目用地报批手续尚未完成，征地拆迁进度滞后于计划。',
  '专项债券发行时间推迟，项目建设资金未能及时到位。',
  '环境影响评价批复时间较预期延长，开工时间相应推后。',
  '设计方案经专家论证需要调整，重新报批耗时较长。',
  '招标出现流标，需重新组织招标，合同签订推迟。',
  '汛期持续强降雨，影响室外施工作业。',
  '涉及多个部门和市（区），配合单位意见尚未统一，协调耗时较长。',
  '合作企业投资意向发生变化，正在重新洽谈。',
  '上级审批权限调整，相关事项需按新程序重新报批。',
];

/** Why the supervising office returned a completion claim (退回原因). */
export const RETURN_REASONS: readonly string[] = [
  '佐证材料不完整，缺少竣工验收报告，请补充后重新提交。',
  '指标完成数据未经统计部门核实，请提供统计部门出具的数据。',
  '完成情况与年度计划内容不一致，部分任务尚未完成，请完成后再申请销号。',
  '佐证材料为复印件且未盖章，请提供盖章材料扫描件。',
];

/** Notes on acceptance (销号意见). */
export const ACCEPT_NOTES: readonly string[] = [
  '材料齐全，经核验同意销号。',
  '经现场核查，任务已按计划完成，同意销号。',
  '佐证材料充分，指标数据已核实，同意销号。',
];

export const REBASELINE_REASONS: readonly string[] = [
  '受新冠肺炎疫情影响，经市政府同意，完成时限顺延。',
  '因上级规划调整需同步修编，经市政府常务会议研究同意调整完成时限。',
];

export const CANCEL_REASONS: readonly string[] = [
  '因上级政策调整，该事项不再单独推进，经市政府常务会议同意取消。',
  '该事项已并入省级重点项目统筹推进，经市政府同意不再单独考核。',
];

export const TARGET_REVISION_REASONS: readonly string[] = [
  '受疫情和市场环境影响，经市政府同意调减年度目标。',
  '根据上级部门最新核定的任务量，经市政府同意调整目标值。',
];

export const COMPLETION_NARRATIVES: readonly string[] = [
  '已全面完成年度计划任务，各项指标达到或超过目标，佐证材料已上传。',
  '年度任务已完成，经自查验收合格，申请销号。',
  '按计划完成全部工作内容，相关成果已通过验收，申请核验销号。',
];

export const RESUBMISSION_NARRATIVES: readonly string[] = [
  '已按退回意见补充佐证材料和统计部门核实的数据，重新申请销号。',
  '已完成剩余工作并补充盖章材料，重新提交完成申请。',
];

/** Which band of PROGRESS_NARRATIVES a percent falls in. */
export function narrativeBand(percent: number): number {
  if (percent < 20) return 0;
  if (percent < 50) return 1;
  if (percent < 80) return 2;
  return 3;
}

/** A short form of a task title for narratives (up to the first punctuation, at most 16 characters). */
export function shortTitle(title: string): string {
  const head = title.split(/[，。；、,;（(]/)[0] ?? title;
  return [...head].slice(0, 16).join('');
}
