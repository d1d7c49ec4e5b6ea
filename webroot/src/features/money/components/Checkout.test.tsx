import { describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { api, ApiError } from '@/lib/api';
import { CheckoutDialog } from '@/features/money/components/Checkout';

describe('CheckoutDialog (sandbox)', () => {
  it('offers the test cards by name, shows a decline and pays with the chosen card', async () => {
    vi.spyOn(api, 'get').mockResolvedValue({
      data: {
        provider: 'sandbox',
        testPaymentMethods: [
          { id: 'pm_card_visa', label: 'Visa (succeeds)' },
          { id: 'pm_card_chargeDeclined', label: 'Declined card' },
        ],
      },
    });
    const onPay = vi.fn().mockRejectedValueOnce(new ApiError('The card was declined.', 402)).mockResolvedValueOnce(undefined);
    const onOpenChange = vi.fn();
    render(<CheckoutDialog open onOpenChange={onOpenChange} title="Subscribe" amount={{ amount: 999, currency: 'USD' }} onPay={onPay} />);
    const user = userEvent.setup();
    await user.click(await screen.findByLabelText('Declined card'));
    await user.click(screen.getByRole('button', { name: /Pay \$9.99/ }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The card was declined.');
    expect(onPay).toHaveBeenLastCalledWith('pm_card_chargeDeclined', expect.any(String));
    const declinedKey = onPay.mock.calls[0][1];
    expect(onOpenChange).not.toHaveBeenCalled();
    await user.click(screen.getByLabelText('Visa (succeeds)'));
    await user.click(screen.getByRole('button', { name: /Pay \$9.99/ }));
    await waitFor(() => expect(onOpenChange).toHaveBeenCalledWith(false));
    expect(onPay).toHaveBeenLastCalledWith('pm_card_visa', expect.any(String));
    // A decline settled the first attempt: the next card is a new attempt with its own key.
    expect(onPay.mock.calls[1][1]).not.toBe(declinedKey);
  });

  it('retries an unanswered payment under the same key, so it is never charged twice', async () => {
    vi.spyOn(api, 'get').mockResolvedValue({
      data: { provider: 'sandbox', testPaymentMethods: [{ id: 'pm_card_visa', label: 'Visa (succeeds)' }] },
    });
    const onPay = vi
      .fn()
      .mockRejectedValueOnce(new ApiError('The server took too long to answer. Try again.', 0))
      .mockRejectedValueOnce(new ApiError('Service Unavailable', 503))
      .mockResolvedValueOnce(undefined);
    const onOpenChange = vi.fn();
    render(<CheckoutDialog open onOpenChange={onOpenChange} title="Unlock" amount={{ amount: 500, currency: 'USD' }} onPay={onPay} />);
    const user = userEvent.setup();
    await user.click(await screen.findByLabelText('Visa (succeeds)'));
    for (let i = 0; i < 3; i++) {
      await user.click(screen.getByRole('button', { name: /Pay \$5.00/ }));
      await waitFor(() => expect(onPay).toHaveBeenCalledTimes(i + 1));
    }
    await waitFor(() => expect(onOpenChange).toHaveBeenCalledWith(false));
    const keys = onPay.mock.calls.map((c) => c[1]);
    expect(new Set(keys).size).toBe(1);
  });
});
