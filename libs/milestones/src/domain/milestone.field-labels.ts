/**
 * Chinese labels of request fields (body, query and path), by the last segment of the field path
 * (`evidence[0].sha256` → `sha256`): the domain's errors and the HTTP layer's validation messages name fields by them.
 */
const FIELD_LABELS_ZH: Readonly<Record<string, string>> = {
  occurredAt: '发生时间',
  percent: '完成进度',
  narrative: '情况说明',
  reason: '原因',
  note: '备注',
  forecastDate: '预计完成日期',
  completedOn: '实际完成日期',
  newDueDate: '新的完成时限',
  evidence: '佐证材料',
  name: '名称',
  sha256: '摘要',
  indicatorActuals: '指标实际值',
  metric: '指标名称',
  actual: '实际值',
  newTarget: '新目标值',
  assignment: '承办单位',
  data: '请求内容',
  /** GET /milestones:commands?ids=…: the milestones asked about. */
  ids: '里程碑编号',
  /** PUT …/contacts and …/robots: alert recipients and group robots. */
  contacts: '收件人',
  email: '邮箱',
  robots: '群机器人',
  url: '地址',
  secret: '加签密钥',
  kind: '类型',
  /** 常态化事项: whose share a report is for. */
  unit: '单位',
  /** Path and query parameters. */
  no: '任务序号',
  year: '年度',
  limit: '条数',
  offset: '起始位置',
};

function labelOf(name: string): string {
  return FIELD_LABELS_ZH[name] ?? name;
}

/** `percent` → 完成进度; `evidence[1]` → 第2项佐证材料; `evidence[1].sha256` → 第2项佐证材料的摘要. */
export function fieldLabelZh(field: string): string {
  const item = /^(\w+)\[(\d+)\](?:\.(\w+))?$/.exec(field);
  if (item === null) return labelOf(field);
  const [, list = '', index = '0', leaf] = item;
  const itemLabel = `第${Number(index) + 1}项${labelOf(list)}`;
  return leaf === undefined ? itemLabel : `${itemLabel}的${labelOf(leaf)}`;
}
