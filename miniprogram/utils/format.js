// Formatting for Chinese users. The server sends times in UTC ISO 8601; people see
// Asia/Shanghai (UTC+8, no daylight saving), computed by hand so that it does not depend on
// Intl time-zone data, which some mini-program JS engines lack.
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** Parse ISO 8601 (with Z or ±hh:mm, any fraction digits; no zone means UTC) to epoch ms, or NaN. */
function parseIso(value) {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return NaN;
  const m = ISO_RE.exec(value.trim());
  if (!m) return NaN;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '0', zone] = m;
  const ms = Number(`0.${frac}`) * 1000;
  let time = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, Math.floor(ms));
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    time -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60000;
  }
  return time;
}

function pad(n) {
  return n < 10 ? `0${n}` : String(n);
}

function shanghaiParts(value) {
  const time = parseIso(value);
  if (Number.isNaN(time)) return null;
  const d = new Date(time + SHANGHAI_OFFSET_MS);
  return {
    year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(),
    hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(),
  };
}

/** '2026-11-22T06:30:00Z' → '2026年11月22日 14:30'; '' for nothing or bad input. */
function formatDateTime(value) {
  const p = shanghaiParts(value);
  if (!p) return '';
  return `${p.year}年${p.month}月${p.day}日 ${pad(p.hour)}:${pad(p.minute)}`;
}

/** → '2026年11月22日' in Asia/Shanghai. */
function formatDate(value) {
  const p = shanghaiParts(value);
  return p ? `${p.year}年${p.month}月${p.day}日` : '';
}

/** → '14:30' in Asia/Shanghai. */
function formatTime(value) {
  const p = shanghaiParts(value);
  return p ? `${pad(p.hour)}:${pad(p.minute)}` : '';
}

/** A time window; the end drops its date when it falls on the same Shanghai day. */
function formatRange(start, end) {
  const a = formatDateTime(start);
  if (!end) return a;
  const sameDay = formatDate(start) === formatDate(end);
  return `${a} - ${sameDay ? formatTime(end) : formatDateTime(end)}`;
}

/**
 * A Shanghai wall-clock date ('2026-11-22') and time ('14:30') as ISO 8601 with +08:00,
 * the form the server takes for manual hours.
 */
function shanghaiIso(date, time = '00:00') {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date || '') || !/^\d{2}:\d{2}$/.test(time || '')) return '';
  return `${date}T${time}:00+08:00`;
}

/** Today's date in Shanghai as 'YYYY-MM-DD' (for pickers). */
function shanghaiToday(now = Date.now()) {
  const p = shanghaiParts(now);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

function groupThousands(digits) {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Points are integers: 12345 → '12,345'. Non-integers are refused rather than rounded. */
function formatPoints(value) {
  const n = Number(value);
  if (!Number.isInteger(n)) return '—';
  return (n < 0 ? '-' : '') + groupThousands(String(Math.abs(n)));
}

/** A ledger movement with its sign: 10 → '+10', -300 → '-300'. */
function formatPointsDelta(value) {
  const n = Number(value);
  if (!Number.isInteger(n)) return '—';
  return (n > 0 ? '+' : '') + formatPoints(n);
}

/** Money in fen (integer) as yuan with 2 decimals, integer arithmetic only: 123456 → '1,234.56'. */
function formatFen(value) {
  const n = Number(value);
  if (!Number.isInteger(n)) return '—';
  const abs = Math.abs(n);
  const yuan = Math.floor(abs / 100);
  const fen = abs % 100;
  return `${n < 0 ? '-' : ''}${groupThousands(String(yuan))}.${pad(fen)}`;
}

/** → '¥1,234.56'. */
function formatYuan(value) {
  const text = formatFen(value);
  if (text === '—') return text;
  return text[0] === '-' ? `-¥${text.slice(1)}` : `¥${text}`;
}

/** Minutes as hours for people: 90 → '1.5 小时', 600 → '10 小时'. */
function formatHours(minutes) {
  const n = Number(minutes);
  if (!Number.isFinite(n)) return '—';
  const tenths = Math.round((n / 60) * 10);
  const text = tenths % 10 === 0 ? String(tenths / 10) : (tenths / 10).toFixed(1);
  return `${text} 小时`;
}

/** Seconds left as 'mm:ss' (never negative). */
function formatCountdown(seconds) {
  const s = Math.max(0, Math.floor(Number(seconds) || 0));
  return `${pad(Math.floor(s / 60))}:${pad(s % 60)}`;
}

/** Star level 0–5 as '★★★☆☆'. */
function formatStars(level, max = 5) {
  const n = Math.max(0, Math.min(max, Math.floor(Number(level) || 0)));
  return '★'.repeat(n) + '☆'.repeat(max - n);
}

/** 13812345678 → '138****5678' (the server usually masks already; this is for local echo). */
function maskPhone(phone) {
  const s = String(phone || '');
  return /^\d{11}$/.test(s) ? `${s.slice(0, 3)}****${s.slice(7)}` : s;
}

/** Distance in metres → '850 米' / '1.2 公里'. */
function formatDistance(metres) {
  const n = Number(metres);
  if (!Number.isFinite(n) || n < 0) return '';
  return n < 1000 ? `${Math.round(n)} 米` : `${(n / 1000).toFixed(1)} 公里`;
}

module.exports = {
  parseIso, formatDateTime, formatDate, formatTime, formatRange, shanghaiIso, shanghaiToday,
  formatPoints, formatPointsDelta, formatFen, formatYuan, formatHours, formatCountdown,
  formatStars, maskPhone, formatDistance,
};
