export const KIND_LABELS = { service_station: '服务站', education_base: '教育基地', sub_station: '分站' };
export const STATUS_LABELS = { active: '运行中', suspended: '已暂停' };
export const PLACE_TYPES = {
  government_window: '政务窗口', partner_institution: '合作机构', community: '社区', enterprise: '企业', school: '学校',
  mall: '商场', hospital: '医院', industrial_park: '产业园区', village: '村', village_collective: '村集体',
  volunteer_team: '志愿队', other: '其他',
};

/** association → stations → sub-stations, as t-tree items. */
export function stationTree(associations, stations) {
  const children = new Map();
  for (const s of stations) {
    const key = s.parent_id ? `s${s.parent_id}` : `a${s.association_id}`;
    if (!children.has(key)) children.set(key, []);
    children.get(key).push(s);
  }
  const node = (s) => ({
    value: `s${s.id}`,
    label: `${s.name}（${KIND_LABELS[s.kind] || s.kind}${s.status === 'suspended' ? '·已暂停' : ''}）`,
    station: s,
    children: (children.get(`s${s.id}`) || []).map(node),
  });
  return associations
    .filter((a) => children.has(`a${a.id}`) || associations.length <= 3)
    .map((a) => ({ value: `a${a.id}`, label: a.name, association: a, children: (children.get(`a${a.id}`) || []).map(node) }));
}
