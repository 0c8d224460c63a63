import { describe, expect, it } from 'vitest';
import { dailyLine, flagsPie, minutesToHours, rankingBar, targetProgress, targetRowsOf } from '../src/pages/dashboard/options.js';

describe('dashboard chart options', () => {
  it('daily line plots valid and flagged per day', () => {
    const option = dailyLine([{ day: '2026-09-01', valid: 5, flagged: 1 }, { day: '2026-09-02', valid: 7, flagged: 0 }]);
    expect(option.xAxis.data).toEqual(['2026-09-01', '2026-09-02']);
    expect(option.series[0].data).toEqual([5, 7]);
    expect(option.series[1].data).toEqual([1, 0]);
  });

  it('ranking bar keeps the top n, best at the top of the axis', () => {
    const ranking = Array.from({ length: 12 }, (_, i) => ({ link_id: i + 1, name: `站${i + 1}`, valid: 100 - i }));
    const option = rankingBar(ranking, 10);
    expect(option.yAxis.data).toHaveLength(10);
    expect(option.yAxis.data[9]).toBe('站1');
    expect(option.series[0].data[9]).toBe(100);
  });

  it('flags pie labels flags in Chinese and leaves out zeros', () => {
    const option = flagsPie({ too_fast: 3, duplicate: 0, incomplete: 2 });
    expect(option.series[0].data).toEqual([
      { name: '作答过快', value: 3 },
      { name: '未答完', value: 2 },
    ]);
  });

  it('progress sums targets and valid answers across associations', () => {
    expect(targetProgress([{ target: 100, valid: 50 }, { target: 300, valid: 50 }])).toBe(25);
    expect(targetProgress([])).toBe(0);
    expect(targetProgress([{ target: 0, valid: 5 }])).toBe(0);
  });

  it('minutes become hours with one decimal', () => {
    expect(minutesToHours([90, 61])).toEqual([1.5, 1]);
  });

  it('recruitment rows come from the next milestone', () => {
    const rows = targetRowsOf({
      next_milestone: '2026-12-31',
      milestones: [
        { due_on: '2026-06-30', progress: { volunteers: { current: 1, target: 2, percent: 50 } } },
        { due_on: '2026-12-31', progress: { volunteers: { current: 1, target: 10, percent: 10 } } },
      ],
    });
    expect(rows).toEqual([{ metric: 'volunteers', label: '志愿者', actual: 1, target: 10, percent: 10 }]);
    expect(targetRowsOf(null)).toEqual([]);
  });
});
