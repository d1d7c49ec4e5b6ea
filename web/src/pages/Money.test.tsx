import { describe, expect, it, vi } from 'vitest';
import { MemoryRouter } from 'react-router-dom';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { api } from '@/lib/api';
import { isCurrent, type Subscription } from '@/lib/types';
import { payoutBlocker } from '@/components/PayoutPanel';
import { bundlePrice } from './CreatorPage';
import Subscriptions, { cardName } from './Subscriptions';

const usd = (amount: number) => ({ amount, currency: 'USD' });

describe('money in the web app', () => {
  it('says why a payout cannot be requested yet', () => {
    const facts = { available: usd(1500), minimumPayout: usd(2000) };
    expect(payoutBlocker(facts, null)).toBe('Set up your payout account first.');
    expect(payoutBlocker(facts, { accountId: 'a', payoutsEnabled: true, provider: 'sandbox' }))
      .toBe('Payouts start at $20.00; $15.00 is available now.');
    expect(payoutBlocker({ ...facts, available: usd(2000) }, { accountId: 'a', payoutsEnabled: true, provider: 'sandbox' })).toBeNull();
  });

  it('shows bundle prices rounded the way the server charges them', () => {
    expect(bundlePrice(999, 3, 10)).toBe(2697); // 2697.3
    expect(bundlePrice(1499, 3, 50)).toBe(2249); // 2248.5 rounds up, as the server does
  });

  it('names cards and knows when a cancelled subscription has ended', () => {
    expect(cardName({ brand: 'visa', last4: '0341' })).toBe('Visa •••• 0341');
    expect(cardName(undefined)).toBe('your card');
    const base = { id: 's', creator: { id: 'c', username: 'anna' }, price: usd(999) } as const;
    expect(isCurrent({ ...base, status: 'CANCELLED', currentPeriodEnd: new Date(Date.now() + 60_000).toISOString() })).toBe(true);
    expect(isCurrent({ ...base, status: 'CANCELLED', currentPeriodEnd: new Date(Date.now() - 60_000).toISOString() })).toBe(false);
  });

  it('offers to turn renewal back on and names the card a failed renewal needs replaced', async () => {
    const subs: Subscription[] = [
      { id: 's1', creator: { id: 'c1', username: 'anna' }, status: 'CANCELLED', price: usd(999), cancelAtPeriodEnd: true,
        currentPeriodEnd: new Date(Date.now() + 86_400_000).toISOString() },
      { id: 's2', creator: { id: 'c2', username: 'bea' }, status: 'PAST_DUE', price: usd(500),
        currentPeriodEnd: new Date(Date.now() - 1000).toISOString(),
        renewalIssue: { declineCode: 'card_declined', card: { brand: 'visa', last4: '0341' } } },
    ];
    vi.spyOn(api, 'get').mockResolvedValue({ data: { items: subs } });
    const patch = vi.spyOn(api, 'patch').mockResolvedValue({ data: {} });
    render(<MemoryRouter><Subscriptions /></MemoryRouter>);
    expect(await screen.findByTestId('renewal-issue')).toHaveTextContent('Visa •••• 0341 (card declined)');
    await userEvent.setup().click(screen.getByRole('button', { name: 'Turn renewal back on' }));
    expect(patch).toHaveBeenCalledWith('/subscriptions/s1', { cancelAtPeriodEnd: false });
  });
});
