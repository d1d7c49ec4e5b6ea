import { useState } from 'react';
import { ChevronDown, CreditCard } from 'lucide-react';
import { useAction } from '@/lib/hooks';
import { useApiQuery } from '@/lib/query';
import { moneyQueries } from '@/features/money/queries';
import { toast } from '@/store/toast';
import { Button } from '@/components/ui/button';
import { cardName } from '@/features/subscriptions/pages/Subscriptions';
import { formatMoney, type Money } from '@/lib/utils';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { EmptyState, ErrorState, Skeleton } from '@/components/ui/states';
import { moneyApi } from '@/features/money/api';

export interface Receipt {
  id: string;
  type: string;
  status: string;
  amount: Money;
  creatorId: string;
  createdAt: string;
  refs?: Record<string, string>;
  receipt?: { number: string; paidAt: string; paymentMethod: string; charge?: string; card?: { brand?: string; last4?: string } };
  refundedAt?: string;
}

const TYPES: Record<string, string> = { SUBSCRIPTION: 'Subscription', TIP: 'Tip', PPV: 'Unlocked post', TICKET: 'Stream ticket' };

/** The cards kept for renewals and room tips: which is the default, make another one so, remove one. */
function Cards() {
  const cards = useApiQuery(moneyQueries.cards());
  const action = useAction({ toastErrors: true });
  const act = (work: () => Promise<unknown>, done: string) =>
    action.run(async () => {
      await work();
      toast.success(done);
      cards.reload();
    });
  if (cards.loading) return <Skeleton className="h-16" />;
  if (cards.error) return <ErrorState message={cards.error} onRetry={cards.reload} />;
  if (cards.data!.length === 0) return <p className="text-sm text-muted-foreground">No cards kept yet: a card is kept once it pays.</p>;
  return (
    <Card className="divide-y divide-border" data-testid="cards">
      {cards.data!.map((c) => (
        <div key={c.id} className="flex flex-wrap items-center gap-3 p-4" data-testid="card">
          <CreditCard className="h-5 w-5 text-muted-foreground" aria-hidden />
          <span className="flex-1 font-medium">
            {cardName(c)}{' '}
            <span className="text-sm font-normal text-muted-foreground">
              expires {String(c.expMonth).padStart(2, '0')}/{c.expYear}
            </span>
          </span>
          {c.isDefault ? (
            <Badge tone="success">Default</Badge>
          ) : (
            <Button
              size="sm"
              variant="outline"
              onClick={() => act(() => moneyApi.makeDefaultCard(c.id), `${cardName(c)} is your default card.`)}
            >
              Make default
            </Button>
          )}
          <Button size="sm" variant="ghost" onClick={() => act(() => moneyApi.removeCard(c.id), `${cardName(c)} removed.`)}>
            Remove
          </Button>
        </div>
      ))}
    </Card>
  );
}

export default function Payments() {
  const payments = useApiQuery(moneyQueries.payments());
  const [open, setOpen] = useState<string | null>(null);
  return (
    <div className="mx-auto grid max-w-2xl gap-4">
      <h1 className="text-2xl font-bold">Payments</h1>
      <h2 className="text-lg font-semibold">Cards</h2>
      <Cards />
      <h2 className="text-lg font-semibold">History</h2>
      {payments.loading ? (
        <Skeleton className="h-40" />
      ) : payments.error ? (
        <ErrorState message={payments.error} onRetry={payments.reload} />
      ) : payments.data!.length === 0 ? (
        <EmptyState title="No payments yet" />
      ) : (
        <Card className="divide-y divide-border">
          {payments.data!.map((p) => (
            <div key={p.id} data-testid="payment">
              <button
                className="flex w-full items-center gap-3 p-4 text-left"
                aria-expanded={open === p.id}
                onClick={() => setOpen(open === p.id ? null : p.id)}
              >
                <div className="flex-1">
                  <p className="font-medium">{TYPES[p.type] ?? p.type}</p>
                  <p className="text-xs text-muted-foreground">{new Date(p.createdAt).toLocaleString()}</p>
                </div>
                <Badge tone={p.status === 'SUCCEEDED' ? 'success' : p.status === 'FAILED' ? 'danger' : 'muted'}>
                  {p.status.toLowerCase()}
                </Badge>
                <span className="w-20 text-right font-semibold">{formatMoney(p.amount)}</span>
                <ChevronDown className="h-4 w-4 text-muted-foreground" aria-hidden />
              </button>
              {open === p.id && (
                <dl className="grid grid-cols-2 gap-x-4 gap-y-1 px-4 pb-4 text-sm" aria-label="Receipt">
                  <dt className="text-muted-foreground">Receipt</dt>
                  <dd>{p.receipt?.number ?? '—'}</dd>
                  <dt className="text-muted-foreground">Paid</dt>
                  <dd>{p.receipt ? new Date(p.receipt.paidAt).toLocaleString() : '—'}</dd>
                  <dt className="text-muted-foreground">Card</dt>
                  <dd>{p.receipt?.card ? cardName(p.receipt.card) : (p.receipt?.paymentMethod ?? '—')}</dd>
                  {p.refs?.message && (
                    <>
                      <dt className="text-muted-foreground">Message</dt>
                      <dd>{p.refs.message}</dd>
                    </>
                  )}
                  {p.refundedAt && (
                    <>
                      <dt className="text-muted-foreground">Refunded</dt>
                      <dd>{new Date(p.refundedAt).toLocaleString()}</dd>
                    </>
                  )}
                  <dt className="text-muted-foreground">Payment id</dt>
                  <dd className="truncate font-mono text-xs">{p.id}</dd>
                </dl>
              )}
            </div>
          ))}
        </Card>
      )}
    </div>
  );
}
