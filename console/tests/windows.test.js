import { describe, expect, it } from 'vitest';
import { toIso } from '../src/pages/surveys/windows.js';

describe('toIso', () => {
  it('adds the China offset to local picker values', () => {
    expect(toIso('2026-09-01 08:00:00')).toBe('2026-09-01T08:00:00+08:00');
    expect(toIso('2026-09-01 08:00')).toBe('2026-09-01T08:00:00+08:00');
    expect(toIso('2026-09-01')).toBe('2026-09-01T00:00:00+08:00');
  });
  it('keeps values that already carry an offset', () => {
    expect(toIso('2026-09-01T00:00:00Z')).toBe('2026-09-01T00:00:00Z');
    expect(toIso('')).toBeNull();
  });
});
