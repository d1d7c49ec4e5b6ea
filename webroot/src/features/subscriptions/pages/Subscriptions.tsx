import { useState } from 'react';
import { Link } from 'react-router-dom';
import { AlertTriangle } from 'lucide-react';
import { useAction } from '@/lib/hooks';
import { useApiQuery } from '@/lib/query';
import { subscriptionsQueries } from '@/features/subscriptions/queries';
import { isCurrent, type Subscription } from '@/lib/types';
import { formatMoney } from '@/lib/utils';
import { toast } from '@/store/toast';
import { Avatar } from '@/components/Avatar';
import { CheckoutDialog } from '@/features/money/components/Checkout';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EmptyState, ErrorState, Skeleton } from '@/components/ui/states';
import { subscriptionsApi } from '@/features/subscriptions/api';

const STATUS: Record<Subscription['status'], { label: string; tone: 'success' | 'muted' | 'danger' | 'default' }> = {
  ACTIVE: { label: 'Active', tone: 'success' },
  TRIALING: { label: 'Free trial', tone: 'default' },
  CANCELLED: { label: 'Cancelled', tone: 'muted' },
  PAST_DUE: { label: 'Payment due', tone: 'danger' },
  EXPIRED: { label: 'Expired', tone: 'muted' },
};

/** "Visa •••• 0341", or "your card" when the provider did not say. */
export function cardName(card?: { brand?: string; last4?: string }): string {
  if (!card?.last4) return 'your card';
  const brand = card.brand ? card.brand[0].toUpperCase() + card.brand.slice(1) : 'Card';
  return `${brand} •••• ${card.last4}`;
}

export default function Subscriptions() {
  const subs = useApiQuery(subscriptionsQueries.mine());
  const [working, setWorking] = useState<string | null>(null);
  const [updating, setUpdating] = useState<Subscription | null>(null);
  const action = useAction({ toastErrors: true });

  const run = (s: Subscription, work: () => Promise<void>) => {
    setWorking(s.id);
    return action.run(async () => {
      await work();
      subs.reload();
    });
  };
  const cancel = (s: Subscription) =>
    run(s, async () => {
      await subscriptionsApi.cancel(s.id);
      toast.success(`Cancelled. You keep access until ${new Date(s.currentPeriodEnd).toLocaleDateString()}.`);
    });
  const resume = (s: Subscription) =>
    run(s, async () => {
      await subscriptionsApi.update(s.id, { cancelAtPeriodEnd: false });
      toast.success('Renewal is back on.');
    });

  return (
    <div className="mx-auto grid max-w-2xl gap-4">
      <h1 className="text-2xl font-bold">My subscriptions</h1>
      {subs.loading ? (
        <Skeleton className="h-40" />
      ) : subs.error ? (
        <ErrorState message={subs.error} onRetry={subs.reload} />
      ) : subs.data!.length === 0 ? (
        <EmptyState title="No subscriptions yet">
          <Link to="/" className="text-primary hover:underline">
            Find creators
          </Link>
        </EmptyState>
      ) : (
        subs.data!.map((s) => (
          <Card key={s.id} className="grid gap-3 p-4" data-testid="subscription">
            <div className="flex flex-wrap items-center gap-4">
              <Avatar name={s.creator.username} size={44} />
              <div className="min-w-0 flex-1">
                <Link to={`/c/${s.creator.username}`} className="font-semibold hover:underline">
                  @{s.creator.username}
                </Link>
                <p className="text-sm text-muted-foreground">
                  {formatMoney(s.price)}
                  {s.months && s.months > 1 ? ` / ${s.months} months` : ' / month'} ·{' '}
                  {!isCurrent(s) ? 'Ended' : s.cancelAtPeriodEnd || s.status === 'CANCELLED' ? 'Access until' : 'Renews'}{' '}
                  {new Date(s.currentPeriodEnd).toLocaleDateString()}
                </p>
              </div>
              <Badge tone={STATUS[s.status].tone}>{STATUS[s.status].label}</Badge>
              {['ACTIVE', 'TRIALING', 'PAST_DUE'].includes(s.status) && !s.cancelAtPeriodEnd && (
                <Button variant="outline" size="sm" busy={action.busy && working === s.id} onClick={() => cancel(s)}>
                  Cancel
                </Button>
              )}
              {s.status === 'CANCELLED' && isCurrent(s) && (
                <Button size="sm" busy={action.busy && working === s.id} onClick={() => resume(s)}>
                  Turn renewal back on
                </Button>
              )}
              {!isCurrent(s) && (
                <Button asChild size="sm" variant="secondary">
                  <Link to={`/c/${s.creator.username}`}>Subscribe again</Link>
                </Button>
              )}
            </div>
            {s.status === 'PAST_DUE' && (
              <div
                role="alert"
                className="flex flex-wrap items-center gap-3 rounded-md bg-destructive/15 px-3 py-2 text-sm"
                data-testid="renewal-issue"
              >
                <AlertTriangle className="h-4 w-4 text-red-300" aria-hidden />
                <span className="flex-1">
                  The renewal could not be charged to {cardName(s.renewalIssue?.card)}
                  {s.renewalIssue?.declineCode ? ` (${s.renewalIssue.declineCode.replace(/_/g, ' ')})` : ''}. Use another card to keep
                  access.
                </span>
                <Button size="sm" variant="secondary" onClick={() => setUpdating(s)}>
                  Update card
                </Button>
              </div>
            )}
          </Card>
        ))
      )}
      {updating && (
        <CheckoutDialog
          open
          onOpenChange={(o) => !o && setUpdating(null)}
          title={`Renew @${updating.creator.username}`}
          amount={updating.price}
          note="This card is kept for the renewals and charged now for the one that is due."
          onPay={async (pm) => {
            await subscriptionsApi.update(updating.id, { paymentMethod: pm });
            toast.success('Card updated: the renewal is being retried.');
            subs.reload();
          }}
        />
      )}
    </div>
  );
}
