import { describe, expect, it } from 'vitest';
import { allowed, scopeOf } from '../src/api/roles.js';

describe('scopeOf', () => {
  it('a station admin sees station pages but not settlements', () => {
    const me = { roles: [{ role: 'station_admin', station_id: 7 }, { role: 'volunteer', station_id: 7 }] };
    expect(scopeOf(me)).toMatchObject({ level: 'station', stations: [7], isAdmin: true });
    expect(allowed(me, 'station')).toBe(true);
    expect(allowed(me, 'association')).toBe(false);
  });
  it('a resident has no admin scope', () => {
    expect(scopeOf({ roles: [{ role: 'resident' }] }).isAdmin).toBe(false);
    expect(allowed({ roles: [] }, 'station')).toBe(false);
  });
  it('the union outranks everything', () => {
    expect(allowed({ roles: [{ role: 'union_admin' }] }, 'association')).toBe(true);
  });
});
