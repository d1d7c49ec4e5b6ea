import { describe, expect, it, vi } from 'vitest';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { api } from '@/lib/api';
import { isCurrent, type Subscription } from '@/lib/types';
import { payoutBlocker } from '@/features/money/components/PayoutPanel';
import CreatorPage from '@/features/content/pages/CreatorPage';
import Subscriptions, { cardName } from '@/features/subscriptions/pages/Subscriptions';

const usd = (amount: number) => ({ amount, currency: 'USD' });

describe('money in the web app', () => {
  it('says why a payout cannot be requested yet', () => {
    const facts = { available: usd(1500), minimumPayout: usd(2000) };
    expect(payoutBlocker(facts, null)).toBe('Set up your payout account first.');
    expect(payoutBlocker(facts, { accountId: 'a', payoutsEnabled: true, provider: 'sandbox' })).toBe(
      'Payouts start at $20.00; $15.00 is available now.',
    );
    expect(payoutBlocker({ ...facts, available: usd(2000) }, { accountId: 'a', payoutsEnabled: true, provider: 'sandbox' })).toBeNull();
  });

  it('shows the bundle prices the server charges, not prices of its own', async () => {
    // 999 × 6 × 75 % = 4495.5: the server rounds half up and says 4496; the page shows exactly that.
    const creator = {
      id: 'c1',
      username: 'anna',
      role: 'CREATOR',
      subscriptionPrice: usd(999),
      bundles: [
        { months: 6, discountPercent: 25, price: usd(4496) },
        { months: 3, discountPercent: 10, price: usd(2697) },
      ],
    };
    vi.spyOn(api, 'get').mockImplementation(
      (url: string) => Promise.resolve({ data: url === '/creators/anna' ? creator : { items: [] } }) as never,
    );
    render(
      <MemoryRouter initialEntries={['/c/anna']}>
        <Routes>
          <Route path="/c/:username" element={<CreatorPage />} />
        </Routes>
      </MemoryRouter>,
    );
    expect(await screen.findByRole('button', { name: /6 months \$44\.96/ })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /3 months \$26\.97/ })).toBeInTheDocument();
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
      {
        id: 's1',
        creator: { id: 'c1', username: 'anna' },
        status: 'CANCELLED',
        price: usd(999),
        cancelAtPeriodEnd: true,
        currentPeriodEnd: new Date(Date.now() + 86_400_000).toISOString(),
      },
      {
        id: 's2',
        creator: { id: 'c2', username: 'bea' },
        status: 'PAST_DUE',
        price: usd(500),
        currentPeriodEnd: new Date(Date.now() - 1000).toISOString(),
        renewalIssue: { declineCode: 'card_declined', card: { brand: 'visa', last4: '0341' } },
      },
    ];
    vi.spyOn(api, 'get').mockResolvedValue({ data: { items: subs } });
    const patch = vi.spyOn(api, 'patch').mockResolvedValue({ data: {} });
    render(
      <MemoryRouter>
        <Subscriptions />
      </MemoryRouter>,
    );
    expect(await screen.findByTestId('renewal-issue')).toHaveTextContent('Visa •••• 0341 (card declined)');
    await userEvent.setup().click(screen.getByRole('button', { name: 'Turn renewal back on' }));
    expect(patch).toHaveBeenCalledWith('/subscriptions/s1', { cancelAtPeriodEnd: false });
  });
});
