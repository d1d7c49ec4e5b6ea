import { describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { api, ApiError } from '@/lib/api';
import { CheckoutDialog } from './Checkout';

describe('CheckoutDialog (sandbox)', () => {
  it('offers the test cards by name, shows a decline and pays with the chosen card', async () => {
    vi.spyOn(api, 'get').mockResolvedValue({ data: { provider: 'sandbox', testPaymentMethods: [
      { id: 'pm_card_visa', label: 'Visa (succeeds)' }, { id: 'pm_card_chargeDeclined', label: 'Declined card' }] } });
    const onPay = vi.fn()
      .mockRejectedValueOnce(new ApiError('The card was declined.', 402))
      .mockResolvedValueOnce(undefined);
    const onOpenChange = vi.fn();
    render(<CheckoutDialog open onOpenChange={onOpenChange} title="Subscribe" amount={{ amount: 999, currency: 'USD' }} onPay={onPay} />);
    const user = userEvent.setup();
    await user.click(await screen.findByLabelText('Declined card'));
    await user.click(screen.getByRole('button', { name: /Pay \$9.99/ }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The card was declined.');
    expect(onPay).toHaveBeenLastCalledWith('pm_card_chargeDeclined');
    expect(onOpenChange).not.toHaveBeenCalled();
    await user.click(screen.getByLabelText('Visa (succeeds)'));
    await user.click(screen.getByRole('button', { name: /Pay \$9.99/ }));
    await waitFor(() => expect(onOpenChange).toHaveBeenCalledWith(false));
    expect(onPay).toHaveBeenLastCalledWith('pm_card_visa');
  });
});
