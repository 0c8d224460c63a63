const f = require('../../utils/format');

describe('times are shown in Asia/Shanghai', () => {
  test('a UTC instant is shown eight hours later, in Chinese date form', () => {
    expect(f.formatDateTime('2026-11-22T06:30:00Z')).toBe('2026年11月22日 14:30');
  });
  test('an instant late in the UTC day falls on the next Shanghai day', () => {
    expect(f.formatDateTime('2026-11-21T16:05:00+00:00')).toBe('2026年11月22日 00:05');
    expect(f.formatDate('2026-12-31T16:00:00Z')).toBe('2027年1月1日');
  });
  test('offsets and microsecond fractions from the server are honoured', () => {
    expect(f.formatDateTime('2026-11-22T14:30:00.123456+08:00')).toBe('2026年11月22日 14:30');
    expect(f.formatTime('2026-11-22T01:30:00-05:00')).toBe('14:30');
  });
  test('missing or malformed times give an empty string, not "NaN"', () => {
    expect(f.formatDateTime(null)).toBe('');
    expect(f.formatDateTime('yesterday')).toBe('');
  });
  test('a window on one day drops the repeated date', () => {
    expect(f.formatRange('2026-11-22T06:00:00Z', '2026-11-22T08:00:00Z')).toBe('2026年11月22日 14:00 - 16:00');
    expect(f.formatRange('2026-11-22T06:00:00Z', '2026-11-23T08:00:00Z')).toBe('2026年11月22日 14:00 - 2026年11月23日 16:00');
  });
  test('a picked Shanghai wall-clock time becomes ISO 8601 with +08:00', () => {
    expect(f.shanghaiIso('2026-11-22', '14:30')).toBe('2026-11-22T14:30:00+08:00');
    expect(f.shanghaiIso('2026/11/22', '14:30')).toBe('');
    expect(f.shanghaiToday(Date.UTC(2026, 10, 21, 17, 0))).toBe('2026-11-22');
  });
});

describe('points and money', () => {
  test('points are integers grouped by thousands', () => {
    expect(f.formatPoints(12345)).toBe('12,345');
    expect(f.formatPoints(0)).toBe('0');
    expect(f.formatPoints(-1500)).toBe('-1,500');
    expect(f.formatPoints(1.5)).toBe('—');
  });
  test('ledger movements carry their sign', () => {
    expect(f.formatPointsDelta(10)).toBe('+10');
    expect(f.formatPointsDelta(-300)).toBe('-300');
  });
  test('fen are shown as yuan with two decimals, without float error', () => {
    expect(f.formatFen(5000000)).toBe('50,000.00');
    expect(f.formatFen(5)).toBe('0.05');
    expect(f.formatFen(-1999)).toBe('-19.99');
    expect(f.formatYuan(123456)).toBe('¥1,234.56');
    expect(f.formatYuan(-50)).toBe('-¥0.50');
    expect(f.formatFen('abc')).toBe('—');
  });
});

describe('other formatters', () => {
  test('minutes are shown as hours', () => {
    expect(f.formatHours(90)).toBe('1.5 小时');
    expect(f.formatHours(600)).toBe('10 小时');
  });
  test('countdown is mm:ss and never negative', () => {
    expect(f.formatCountdown(299)).toBe('04:59');
    expect(f.formatCountdown(-3)).toBe('00:00');
  });
  test('stars, phones and distances', () => {
    expect(f.formatStars(3)).toBe('★★★☆☆');
    expect(f.formatStars(9)).toBe('★★★★★');
    expect(f.maskPhone('13812345678')).toBe('138****5678');
    expect(f.formatDistance(850)).toBe('850 米');
    expect(f.formatDistance(5200)).toBe('5.2 公里');
  });
});
