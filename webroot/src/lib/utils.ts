import { clsx, type ClassValue } from 'clsx';
import { twMerge } from 'tailwind-merge';

export function cn(...inputs: ClassValue[]) {
  return twMerge(clsx(inputs));
}

export interface Money {
  amount: number;
  currency: string;
}

/** Integer minor units to a display string: {amount: 1999, currency: 'USD'} → $19.99. */
export function formatMoney(money: Money | null | undefined): string {
  if (!money) return '—';
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: money.currency || 'USD' }).format(money.amount / 100);
}

/** "12.50" → 1250; null when it is not a positive amount with at most two decimals. */
export function parseAmount(text: string): number | null {
  const t = text.trim().replace(/^\$/, '');
  if (!/^\d+(\.\d{1,2})?$/.test(t)) return null;
  const [whole, cents = ''] = t.split('.');
  const value = Number(whole) * 100 + Number(cents.padEnd(2, '0'));
  return value > 0 ? value : null;
}

export function timeAgo(iso: string | undefined, now = Date.now()): string {
  if (!iso) return '';
  const s = Math.round((now - Date.parse(iso)) / 1000);
  if (s < 0) return 'scheduled';
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86400) return `${Math.floor(s / 3600)}h`;
  return new Date(iso).toLocaleDateString();
}
