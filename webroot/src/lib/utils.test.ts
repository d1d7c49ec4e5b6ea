import { describe, expect, it } from 'vitest';
import { formatMoney, parseAmount, timeAgo } from '@/lib/utils';

describe('money', () => {
  it('formats integer minor units', () => {
    expect(formatMoney({ amount: 1999, currency: 'USD' })).toBe('$19.99');
    expect(formatMoney({ amount: 5, currency: 'USD' })).toBe('$0.05');
    expect(formatMoney(null)).toBe('—');
  });
  it('parses amounts to minor units without floating-point drift', () => {
    expect(parseAmount('12.50')).toBe(1250);
    expect(parseAmount('$0.29')).toBe(29);
    expect(parseAmount('4.1')).toBe(410);
    expect(parseAmount('1.005')).toBeNull();
    expect(parseAmount('0')).toBeNull();
    expect(parseAmount('-3')).toBeNull();
    expect(parseAmount('abc')).toBeNull();
  });
  it('says how long ago', () => {
    const now = Date.parse('2026-01-01T12:00:00Z');
    expect(timeAgo('2026-01-01T11:59:30Z', now)).toBe('just now');
    expect(timeAgo('2026-01-01T11:00:00Z', now)).toBe('1h');
    expect(timeAgo('2026-01-01T13:00:00Z', now)).toBe('scheduled');
  });
});
