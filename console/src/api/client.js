// The one request wrapper: bearer token, JSON errors with per-field messages, 401 → login
// (what the user typed is kept in sessionStorage first), network loss → a Chinese message.
import { session } from './session.js';

export class ApiError extends Error {
  constructor({ status, code, message, fields = {}, details = {} }) {
    super(message);
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.details = details;
  }
}

const MESSAGES = {
  network: '网络连接中断，请检查网络后重试',
  unauthorized: '登录已过期，请重新登录',
  forbidden: '没有权限执行此操作',
  not_found: '内容不存在或无权查看',
  validation_error: '部分字段填写有误，请按提示修改',
  rate_limited: '操作太频繁，请稍后再试',
  internal_error: '服务器出错，请稍后再试',
};

/** Per-field messages from {error: {details: {fields: {name: [msg]}}}}, flattened to strings. */
export function fieldMessages(details) {
  const fields = (details && (details.fields || details)) || {};
  const out = {};
  for (const [name, value] of Object.entries(fields)) {
    if (name === 'location') continue;
    if (Array.isArray(value)) out[name] = value.map(String).join('；');
    else if (typeof value === 'string') out[name] = value;
    else if (value && typeof value === 'object') {
      // nested (e.g. list items): "windows.0.starts_at"
      for (const [sub, msg] of Object.entries(fieldMessages({ fields: value }))) out[`${name}.${sub}`] = msg;
    }
  }
  return out;
}

export function chineseMessage(error) {
  if (!error) return '';
  return MESSAGES[error.code] || error.message || '操作失败';
}

let hooks = {
  onUnauthorized: () => {},
  onNetworkLost: () => {},
};
export function setClientHooks(next) {
  hooks = { ...hooks, ...next };
}

function buildUrl(path, query) {
  const url = path.startsWith('http') || path.startsWith('/') ? path : `/api/v1/${path}`;
  if (!query) return url;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, v);
  const qs = params.toString();
  return qs ? `${url}?${qs}` : url;
}

/**
 * request('GET', '/api/v1/me') → parsed JSON (or Blob with {raw: true}).
 * Throws ApiError with .fields = {field: message} for form display.
 */
export async function request(method, path, { body, query, raw = false, headers = {}, fetchImpl } = {}) {
  const doFetch = fetchImpl || globalThis.fetch;
  const init = { method, headers: { Accept: 'application/json', ...headers } };
  const token = session.token();
  if (token) init.headers.Authorization = `Bearer ${token}`;
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await doFetch(buildUrl(path, query), init);
  } catch (cause) {
    const error = new ApiError({ status: 0, code: 'network', message: MESSAGES.network });
    hooks.onNetworkLost(error);
    throw error;
  }
  if (response.ok) {
    if (raw) return response.blob();
    if (response.status === 204) return null;
    const type = response.headers.get('Content-Type') || '';
    return type.includes('json') ? response.json() : response.text();
  }
  let payload = {};
  try {
    payload = (await response.json()).error || {};
  } catch {
    payload = {};
  }
  const error = new ApiError({
    status: response.status,
    code: payload.code || `http_${response.status}`,
    message: payload.message || response.statusText,
    details: payload.details || {},
    fields: fieldMessages(payload.details),
  });
  error.message = chineseMessage(error);
  if (response.status === 401 && token) {
    session.clear();
    hooks.onUnauthorized(error);
  }
  throw error;
}

export const api = {
  get: (path, opts) => request('GET', path, opts),
  post: (path, body, opts) => request('POST', path, { ...opts, body }),
  patch: (path, body, opts) => request('PATCH', path, { ...opts, body }),
  put: (path, body, opts) => request('PUT', path, { ...opts, body }),
  del: (path, opts) => request('DELETE', path, opts),
  /** A download (XLSX, PNG) as a Blob, with the same token and errors. */
  blob: (path, opts) => request('GET', path, { ...opts, raw: true }),
};

/** Save a Blob as a file through a temporary link. */
export function saveBlob(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
