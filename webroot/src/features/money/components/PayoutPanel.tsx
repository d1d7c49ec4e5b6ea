import { useApiQuery } from '@/lib/query';
import { moneyQueries } from '@/features/money/queries';
import { useRef, useState } from 'react';
import { Banknote, Clock } from 'lucide-react';
import { idempotencyKey, toApiError } from '@/lib/api';
import { useAction } from '@/lib/hooks';
import { formatMoney, type Money } from '@/lib/utils';
import { toast } from '@/store/toast';
import { settlesAttempt } from '@/features/money/components/Checkout';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { moneyApi } from '@/features/money/api';

export interface PayoutAccount {
  accountId: string;
  payoutsEnabled: boolean;
  bankLast4?: string | null;
  provider: string;
}
export interface Payout {
  id: string;
  amount: Money;
  status: 'PENDING' | 'PAID' | 'FAILED';
  createdAt: string;
  failureCode?: string;
}
interface PayoutFacts {
  available: Money;
  minimumPayout: Money;
  payoutsInFlight?: Money;
  pendingReleases?: { amount: Money; availableAt: string }[];
}

/** The sandbox's test bank accounts (Stripe's test numbers): one pays out, the others refuse. */
export const TEST_BANKS = [
  { number: '000123456789', label: '•••• 6789 (pays out)' },
  { number: '000111111116', label: '•••• 1116 (payouts refused: no account)' },
  { number: '000111111113', label: '•••• 1113 (payouts refused: account closed)' },
];

/** Why the payout button cannot be pressed right now, or null when it can. */
export function payoutBlocker(facts: PayoutFacts, account: PayoutAccount | null | undefined): string | null {
  if (!account?.payoutsEnabled) return 'Set up your payout account first.';
  if (facts.available.amount < facts.minimumPayout.amount) {
    return `Payouts start at ${formatMoney(facts.minimumPayout)}; ${formatMoney(facts.available)} is available now.`;
  }
  return null;
}

/**
 * Paying out: what is available, the minimum, when held earnings become available, the payout
 * account (sandbox: a test bank; Stripe: its onboarding), and the payouts so far.
 */
export function PayoutPanel({ facts, onChange }: { facts: PayoutFacts; onChange(): void }) {
  const account = useApiQuery(moneyQueries.payoutAccount());
  const config = useApiQuery(moneyQueries.config());
  const payouts = useApiQuery(moneyQueries.payouts());
  const [bank, setBank] = useState(TEST_BANKS[0].number);
  const attempt = useRef<string | null>(null);
  const action = useAction({ toastErrors: false });
  const blocker = payoutBlocker(facts, account.data);
  const sandbox = config.data?.provider === 'sandbox';

  const payout = () =>
    action.run(async () => {
      attempt.current ??= idempotencyKey(); // a retry after no answer is the same payout
      try {
        const payout = await moneyApi.requestPayout(attempt.current);
        attempt.current = null;
        toast.success(
          payout.status === 'PAID'
            ? `Payout of ${formatMoney(payout.amount)} sent.`
            : `Payout of ${formatMoney(payout.amount)} requested: the bank has not confirmed it yet.`,
        );
      } catch (e) {
        const err = toApiError(e);
        if (settlesAttempt(err.status)) attempt.current = null;
        toast.error(err.message);
      } finally {
        payouts.reload();
        onChange();
      }
    });

  const setUp = () =>
    action.run(async () => {
      try {
        const opened = await moneyApi.openPayoutAccount(sandbox ? { bankAccount: bank } : {});
        if (opened.onboardingUrl) window.location.assign(opened.onboardingUrl);
        else {
          toast.success('Payout account ready.');
          account.reload();
        }
      } catch (e) {
        toast.error(toApiError(e).message);
      }
    });

  return (
    <Card data-testid="payouts">
      <CardHeader>
        <CardTitle>Payouts</CardTitle>
      </CardHeader>
      <CardContent className="grid gap-4">
        <div className="flex flex-wrap items-center gap-3">
          <Button onClick={payout} busy={action.busy} disabled={!!blocker || account.loading}>
            <Banknote className="h-4 w-4" aria-hidden /> Pay out {formatMoney(facts.available)}
          </Button>
          {blocker && (
            <p className="text-sm text-muted-foreground" data-testid="payout-blocker">
              {blocker}
            </p>
          )}
          {facts.payoutsInFlight && facts.payoutsInFlight.amount > 0 && (
            <p className="text-sm text-muted-foreground">{formatMoney(facts.payoutsInFlight)} on its way to your bank.</p>
          )}
        </div>

        {facts.pendingReleases && facts.pendingReleases.length > 0 && (
          <div>
            <p className="mb-1 text-sm font-medium">Held for the holding period</p>
            <ul className="grid gap-1 text-sm" data-testid="pending-releases">
              {facts.pendingReleases.slice(0, 6).map((r) => (
                <li key={r.availableAt} className="flex items-center gap-2 text-muted-foreground">
                  <Clock className="h-3 w-3" aria-hidden /> {formatMoney(r.amount)} becomes available{' '}
                  {new Date(r.availableAt).toLocaleString()}
                </li>
              ))}
            </ul>
          </div>
        )}

        <div className="grid gap-2 rounded-md border border-border p-3">
          <p className="text-sm font-medium">Payout account</p>
          {account.data?.payoutsEnabled ? (
            <p className="text-sm" data-testid="payout-account">
              Payouts go to {account.data.bankLast4 ? `bank account •••• ${account.data.bankLast4}` : 'your connected account'}.
            </p>
          ) : account.data ? (
            <p className="text-sm text-muted-foreground">Finish setting it up with {account.data.provider}.</p>
          ) : (
            <p className="text-sm text-muted-foreground">Not set up yet.</p>
          )}
          {sandbox && (
            <label className="grid max-w-sm gap-1 text-sm">
              <span className="text-muted-foreground">Test bank account (offline sandbox)</span>
              <select
                className="rounded-md border border-input bg-background px-2 py-1"
                value={bank}
                onChange={(e) => setBank(e.target.value)}
                aria-label="Test bank account"
              >
                {TEST_BANKS.map((b) => (
                  <option key={b.number} value={b.number}>
                    {b.label}
                  </option>
                ))}
              </select>
            </label>
          )}
          {(sandbox || !account.data?.payoutsEnabled) && (
            <Button variant="outline" size="sm" className="justify-self-start" onClick={setUp} busy={action.busy}>
              {account.data ? (sandbox ? 'Use this bank account' : 'Continue setting up payouts') : 'Set up payouts'}
            </Button>
          )}
        </div>

        {payouts.data && payouts.data.length > 0 && (
          <ul className="divide-y divide-border text-sm" data-testid="payout-history">
            {payouts.data.slice(0, 10).map((p) => (
              <li key={p.id} className="flex items-center gap-3 py-2">
                <span className="flex-1">{new Date(p.createdAt).toLocaleString()}</span>
                <Badge tone={p.status === 'PAID' ? 'success' : p.status === 'FAILED' ? 'danger' : 'muted'}>
                  {p.status === 'FAILED'
                    ? `refused${p.failureCode ? ` (${p.failureCode.replace(/_/g, ' ')})` : ''}`
                    : p.status.toLowerCase()}
                </Badge>
                <span className="w-20 text-right font-semibold">{formatMoney(p.amount)}</span>
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}
