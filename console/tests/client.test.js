import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, fieldMessages, request, setClientHooks } from '../src/api/client.js';
import { drafts, session } from '../src/api/session.js';

function jsonResponse(status, body) {
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: 'x',
    headers: new Headers({ 'Content-Type': 'application/json' }),
    json: async () => body,
    blob: async () => new Blob(['x']),
  };
}

describe('request', () => {
  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
  });

  it('sends the bearer token and JSON body', async () => {
    session.save('tok-1');
    const fetchImpl = vi.fn(async () => jsonResponse(200, { ok: 1 }));
    const out = await request('POST', '/api/v1/stations', { body: { name: '站' }, fetchImpl });
    expect(out).toEqual({ ok: 1 });
    const [url, init] = fetchImpl.mock.calls[0];
    expect(url).toBe('/api/v1/stations');
    expect(init.headers.Authorization).toBe('Bearer tok-1');
    expect(init.headers['Content-Type']).toBe('application/json');
    expect(JSON.parse(init.body)).toEqual({ name: '站' });
  });

  it('omits empty query values', async () => {
    const fetchImpl = vi.fn(async () => jsonResponse(200, {}));
    await request('GET', '/api/v1/stations', { query: { status: '', page: 2, q: null }, fetchImpl });
    expect(fetchImpl.mock.calls[0][0]).toBe('/api/v1/stations?page=2');
    expect(fetchImpl.mock.calls[0][1].headers.Authorization).toBeUndefined();
  });

  it('maps per-field validation messages to fields', async () => {
    const fetchImpl = async () =>
      jsonResponse(422, {
        error: {
          code: 'validation_error',
          message: 'Some fields are not valid.',
          details: { location: 'json', fields: { name: ['Missing data for required field.'], windows: { 0: { starts_at: ['Not a valid datetime.'] } } } },
        },
      });
    const error = await request('POST', '/api/v1/stations', { body: {}, fetchImpl }).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(422);
    expect(error.code).toBe('validation_error');
    expect(error.fields).toEqual({ name: 'Missing data for required field.', 'windows.0.starts_at': 'Not a valid datetime.' });
    expect(error.message).toBe('部分字段填写有误，请按提示修改');
  });

  it('on 401 with a token: drops the token and calls onUnauthorized, drafts survive', async () => {
    session.save('old');
    drafts.save('station-form', { name: '我填了一半' });
    const onUnauthorized = vi.fn();
    setClientHooks({ onUnauthorized });
    const fetchImpl = async () => jsonResponse(401, { error: { code: 'unauthorized', message: 'Log in.' } });
    const error = await request('GET', '/api/v1/me', { fetchImpl }).catch((e) => e);
    expect(error.status).toBe(401);
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    expect(session.token()).toBeNull();
    expect(drafts.load('station-form')).toEqual({ name: '我填了一半' });
  });

  it('on network loss: a Chinese message and the onNetworkLost hook', async () => {
    const onNetworkLost = vi.fn();
    setClientHooks({ onNetworkLost });
    const fetchImpl = async () => {
      throw new TypeError('Failed to fetch');
    };
    const error = await request('GET', '/api/v1/me', { fetchImpl }).catch((e) => e);
    expect(error.code).toBe('network');
    expect(error.status).toBe(0);
    expect(error.message).toContain('网络');
    expect(onNetworkLost).toHaveBeenCalledTimes(1);
  });

  it('keeps the server message for unknown codes', async () => {
    const fetchImpl = async () => jsonResponse(409, { error: { code: 'out_of_stock', message: '库存不足', details: {} } });
    const error = await request('POST', '/api/v1/gifts/1/redemptions', { fetchImpl }).catch((e) => e);
    expect(error.message).toBe('库存不足');
    expect(error.fields).toEqual({});
  });
});

describe('fieldMessages', () => {
  it('joins several messages for one field', () => {
    expect(fieldMessages({ fields: { name: ['a', 'b'] } })).toEqual({ name: 'a；b' });
  });
});
