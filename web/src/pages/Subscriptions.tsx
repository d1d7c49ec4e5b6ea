import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '@/lib/api';
import { useAction, useLoad } from '@/lib/hooks';
import type { Subscription } from '@/lib/types';
import { formatMoney } from '@/lib/utils';
import { toast } from '@/store/toast';
import { Avatar } from '@/components/Avatar';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EmptyState, ErrorState, Skeleton } from '@/components/ui/states';

const STATUS: Record<Subscription['status'], { label: string; tone: 'success' | 'muted' | 'danger' | 'default' }> = {
  ACTIVE: { label: 'Active', tone: 'success' },
  TRIALING: { label: 'Free trial', tone: 'default' },
  CANCELLED: { label: 'Cancelled', tone: 'muted' },
  PAST_DUE: { label: 'Payment due', tone: 'danger' },
  EXPIRED: { label: 'Expired', tone: 'muted' },
};

export default function Subscriptions() {
  const subs = useLoad(() => api.get<{ items: Subscription[] }>('/subscriptions').then((r) => r.data.items), []);
  const [cancelling, setCancelling] = useState<string | null>(null);
  const action = useAction({ toastErrors: true });

  const cancel = (s: Subscription) => {
    setCancelling(s.id);
    return action.run(async () => {
      await api.delete(`/subscriptions/${s.id}`);
      toast.success(`Cancelled. You keep access until ${new Date(s.currentPeriodEnd).toLocaleDateString()}.`);
      subs.reload();
    });
  };

  return (
    <div className="mx-auto grid max-w-2xl gap-4">
      <h1 className="text-2xl font-bold">My subscriptions</h1>
      {subs.loading ? <Skeleton className="h-40" />
        : subs.error ? <ErrorState message={subs.error} onRetry={subs.reload} />
        : subs.data!.length === 0 ? <EmptyState title="No subscriptions yet"><Link to="/" className="text-primary hover:underline">Find creators</Link></EmptyState>
        : subs.data!.map((s) => (
          <Card key={s.id} className="flex flex-wrap items-center gap-4 p-4" data-testid="subscription">
            <Avatar name={s.creator.username} size={44} />
            <div className="min-w-0 flex-1">
              <Link to={`/c/${s.creator.username}`} className="font-semibold hover:underline">@{s.creator.username}</Link>
              <p className="text-sm text-muted-foreground">
                {formatMoney(s.price)}{s.months && s.months > 1 ? ` / ${s.months} months` : ' / month'} ·{' '}
                {s.status === 'EXPIRED' ? 'Ended' : s.cancelAtPeriodEnd || s.status === 'CANCELLED' ? 'Access until' : 'Renews'} {new Date(s.currentPeriodEnd).toLocaleDateString()}
              </p>
            </div>
            <Badge tone={STATUS[s.status].tone}>{STATUS[s.status].label}</Badge>
            {['ACTIVE', 'TRIALING', 'PAST_DUE'].includes(s.status) && !s.cancelAtPeriodEnd && (
              <Button variant="outline" size="sm" busy={action.busy && cancelling === s.id} onClick={() => cancel(s)}>Cancel</Button>
            )}
          </Card>
        ))}
    </div>
  );
}
