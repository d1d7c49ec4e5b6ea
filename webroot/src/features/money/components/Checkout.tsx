import { invalidate, queryClient, useApiQuery } from '@/lib/query';
import { moneyQueries } from '@/features/money/queries';
import { useEffect, useRef, useState } from 'react';
import { CreditCard, Lock } from 'lucide-react';
import { idempotencyKey, toApiError } from '@/lib/api';
import { formatMoney, type Money } from '@/lib/utils';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent } from '@/components/ui/dialog';

export interface PaymentsConfig {
  provider: 'sandbox' | 'stripe';
  /** The platform's one currency: every price shown and sent is in it. */
  currency: string;
  publishableKey?: string;
  testPaymentMethods?: { id: string; label: string }[];
}

/**
 * Collects a card and pays. In the offline sandbox the Stripe test cards are offered by name; with
 * the stripe provider Stripe's hosted card element makes a PaymentMethod that our API charges.
 *
 * One checkout attempt is one Idempotency-Key: a double click, or a retry after the network or the
 * server failed, reuses it (the server answers with the first result and never charges twice); an
 * answer that settles the attempt (a decline, a refusal) starts a new one, so another card can be tried.
 */
export function CheckoutDialog({
  open,
  onOpenChange,
  title,
  amount,
  note,
  onPay,
}: {
  open: boolean;
  onOpenChange(open: boolean): void;
  title: string;
  amount: Money;
  note?: string;
  onPay(paymentMethod: string, idempotencyKey: string): Promise<void>;
}) {
  const config = useApiQuery(moneyQueries.config());
  const cfg = config.data ?? null;
  const [method, setMethod] = useState('pm_card_visa');
  const [failure, setError] = useState<string | null>(null);
  // Each opening starts clean (state adjusted while rendering, not in an effect).
  const [shown, setShown] = useState(open);
  if (open !== shown) {
    setShown(open);
    if (open) setError(null);
  }
  const error = failure ?? (open ? config.error : null);
  const [busy, setBusy] = useState(false);
  const stripeCard = useRef<StripeCard | null>(null);
  const attempt = useRef<string | null>(null);
  const cardHost = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    attempt.current = idempotencyKey();
    // Options that failed to load are asked for again each time the dialog opens.
    if (queryClient.getQueryState(moneyQueries.config().queryKey)?.status === 'error') invalidate(moneyQueries.config().queryKey);
  }, [open]);

  useEffect(() => {
    if (!open || cfg?.provider !== 'stripe' || !cfg.publishableKey) return;
    let cancelled = false;
    mountStripeCard(cfg.publishableKey, () => cardHost.current).then(
      (card) => {
        if (cancelled) card.destroy();
        else stripeCard.current = card;
      },
      () => setError('The card form could not load. Check your connection.'),
    );
    return () => {
      cancelled = true;
      stripeCard.current?.destroy();
      stripeCard.current = null;
    };
  }, [open, cfg]);

  const pay = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const pm = cfg?.provider === 'stripe' ? await stripeCard.current!.paymentMethod() : method;
      attempt.current ??= idempotencyKey();
      await onPay(pm, attempt.current);
      attempt.current = null;
      invalidate(['money']); // the payment, the card it saved, the creator's earnings
      onOpenChange(false);
    } catch (e) {
      const err = toApiError(e);
      if (settlesAttempt(err.status)) attempt.current = idempotencyKey();
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent title={title} description={note}>
        <div className="flex items-center justify-between rounded-md bg-muted px-4 py-3">
          <span className="text-sm text-muted-foreground">Total</span>
          <span className="text-xl font-bold" data-testid="checkout-total">
            {formatMoney(amount)}
          </span>
        </div>
        {!cfg && !error && <p className="text-sm text-muted-foreground">Loading payment options…</p>}
        {cfg?.provider === 'sandbox' && (
          <fieldset className="grid gap-2">
            <legend className="mb-1 text-sm font-medium">Test card (offline sandbox)</legend>
            {cfg.testPaymentMethods?.map((m) => (
              <label
                key={m.id}
                className="flex cursor-pointer items-center gap-3 rounded-md border border-border px-3 py-2 text-sm has-[:checked]:border-primary"
              >
                <input
                  type="radio"
                  name="card"
                  value={m.id}
                  checked={method === m.id}
                  onChange={() => setMethod(m.id)}
                  className="accent-pink-500"
                />
                <CreditCard className="h-4 w-4 text-muted-foreground" aria-hidden />
                {m.label}
              </label>
            ))}
          </fieldset>
        )}
        {cfg?.provider === 'stripe' && <div ref={cardHost} className="rounded-md border border-input bg-white p-3" />}
        {error && (
          <p role="alert" className="rounded-md bg-destructive/15 px-3 py-2 text-sm text-red-200">
            {error}
          </p>
        )}
        <Button onClick={pay} busy={busy} disabled={!cfg} size="lg">
          <Lock className="h-4 w-4" aria-hidden /> Pay {formatMoney(amount)}
        </Button>
      </DialogContent>
    </Dialog>
  );
}

interface StripeCard {
  paymentMethod(): Promise<string>;
  destroy(): void;
}

async function mountStripeCard(key: string, host: () => HTMLElement | null): Promise<StripeCard> {
  const { loadStripe } = await import('@stripe/stripe-js');
  const stripe = await loadStripe(key);
  const target = host();
  if (!stripe || !target) throw new Error('Stripe.js did not load');
  const elements = stripe.elements();
  const card = elements.create('card');
  card.mount(target);
  return {
    async paymentMethod() {
      const result = await stripe.createPaymentMethod({ type: 'card', card });
      if (result.error || !result.paymentMethod) throw new Error(result.error?.message ?? 'The card was not accepted.');
      return result.paymentMethod.id;
    },
    destroy: () => card.destroy(),
  };
}

/** A 4xx settles an attempt (declined, refused, invalid): the next try is a new one. No answer or a 5xx does not. */
export function settlesAttempt(status: number): boolean {
  return status >= 400 && status < 500 && status !== 408 && status !== 429;
}
