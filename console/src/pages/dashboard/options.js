// Chart options from API figures: pure functions, unit-tested.
export const FLAG_LABELS = {
  outside_window: '超出时间窗',
  too_fast: '作答过快',
  straight_lining: '答案雷同',
  duplicate: '重复提交',
  incomplete: '未答完',
};

export function dailyLine(byDay) {
  return {
    tooltip: { trigger: 'axis' },
    legend: { data: ['有效', '标记'] },
    xAxis: { type: 'category', data: byDay.map((d) => d.day) },
    yAxis: { type: 'value' },
    series: [
      { name: '有效', type: 'line', smooth: true, data: byDay.map((d) => d.valid) },
      { name: '标记', type: 'line', smooth: true, data: byDay.map((d) => d.flagged) },
    ],
  };
}

export function rankingBar(ranking, top = 10) {
  const rows = ranking.slice(0, top).reverse();
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 140 },
    xAxis: { type: 'value' },
    yAxis: { type: 'category', data: rows.map((r) => r.name || `链接 ${r.link_id}`) },
    series: [{ name: '有效答卷', type: 'bar', data: rows.map((r) => r.valid) }],
  };
}

export function flagsPie(flags) {
  const data = Object.entries(flags || {})
    .filter(([, n]) => n > 0)
    .map(([key, n]) => ({ name: FLAG_LABELS[key] || key, value: n }));
  return {
    tooltip: { trigger: 'item' },
    series: [{ type: 'pie', radius: ['35%', '65%'], data: data.length ? data : [{ name: '无标记', value: 0 }] }],
  };
}

/** Overall progress against the targets in view, in percent (0 when there is no target). */
export function targetProgress(targets) {
  const goal = (targets || []).reduce((s, t) => s + (t.target || 0), 0);
  const valid = (targets || []).reduce((s, t) => s + (t.valid || 0), 0);
  return goal ? Math.round((1000 * valid) / goal) / 10 : 0;
}

export function progressGauge(percent) {
  return {
    series: [{ type: 'gauge', max: 100, progress: { show: true }, detail: { formatter: '{value}%' }, data: [{ value: percent, name: '目标完成' }] }],
  };
}

export function monthlyBars(months, series) {
  return {
    tooltip: { trigger: 'axis' },
    legend: { data: series.map((s) => s.name) },
    xAxis: { type: 'category', data: months },
    yAxis: { type: 'value' },
    series: series.map((s) => ({ name: s.name, type: s.type || 'bar', data: s.data })),
  };
}

export function minutesToHours(list) {
  return (list || []).map((m) => Math.round(m / 6) / 10);
}

export const METRIC_LABELS = { publicists: '宣讲员', lecturers: '讲师', stations: '服务站', education_bases: '教育基地', volunteers: '志愿者' };

/** Recruitment progress rows toward the next milestone (or the last one), from targets figures. */
export function targetRowsOf(targets) {
  if (!targets || !targets.milestones || !targets.milestones.length) return [];
  const milestone = targets.milestones.find((m) => m.due_on === targets.next_milestone) || targets.milestones[targets.milestones.length - 1];
  return Object.entries(milestone.progress || {}).map(([metric, p]) => ({
    metric,
    label: METRIC_LABELS[metric] || metric,
    actual: p.current,
    target: p.target,
    percent: p.percent,
  }));
}
