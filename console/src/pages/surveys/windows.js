/** A date picker's local "YYYY-MM-DD HH:mm:ss" as ISO 8601 with the China offset the API expects. */
export function toIso(value) {
  if (!value) return null;
  const text = String(value).trim().replace(' ', 'T');
  if (/[zZ]|[+-]\d\d:\d\d$/.test(text)) return text;
  const withSeconds = /T\d\d:\d\d$/.test(text) ? `${text}:00` : /^\d{4}-\d\d-\d\d$/.test(text) ? `${text}T00:00:00` : text;
  return `${withSeconds}+08:00`;
}
