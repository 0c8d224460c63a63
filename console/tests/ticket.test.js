import { describe, expect, it, vi } from 'vitest';
import { pollTicket } from '../src/pages/login/ticket.js';

describe('pollTicket', () => {
  it('polls until confirmed and returns the token once', async () => {
    const answers = [{ status: 'pending' }, { status: 'pending' }, { status: 'confirmed', token: 'T', user: { id: 1 } }];
    const get = vi.fn(async () => answers.shift());
    const seen = [];
    const result = await pollTicket('abc', { get, sleep: async () => {}, onStatus: (s) => seen.push(s) });
    expect(result).toEqual({ token: 'T', user: { id: 1 } });
    expect(get).toHaveBeenCalledTimes(3);
    expect(get.mock.calls[0][0]).toBe('/api/v1/console/login-tickets/abc');
    expect(seen).toEqual(['pending', 'pending', 'confirmed']);
  });

  it('reports expiry so the page can offer a new code', async () => {
    const get = async () => ({ status: 'expired' });
    expect(await pollTicket('abc', { get, sleep: async () => {} })).toEqual({ expired: true });
  });

  it('retries after a rate limit instead of giving up', async () => {
    let calls = 0;
    const get = async () => {
      calls += 1;
      if (calls === 1) throw Object.assign(new Error('slow'), { status: 429 });
      return { status: 'used' };
    };
    const seen = [];
    expect(await pollTicket('abc', { get, sleep: async () => {}, onStatus: (s) => seen.push(s) })).toEqual({ expired: true });
    expect(seen).toEqual(['retry', 'used']);
  });

  it('stops when cancelled (the page left or a new code was asked for)', async () => {
    const get = vi.fn(async () => ({ status: 'pending' }));
    expect(await pollTicket('abc', { get, cancelled: () => true })).toEqual({ cancelled: true });
    expect(get).not.toHaveBeenCalled();
  });
});
