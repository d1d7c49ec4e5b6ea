import { useState } from 'react';
import { ChevronDown } from 'lucide-react';
import { api } from '@/lib/api';
import { useLoad } from '@/lib/hooks';
import { formatMoney, type Money } from '@/lib/utils';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { EmptyState, ErrorState, Skeleton } from '@/components/ui/states';

export interface Receipt {
  id: string;
  type: string;
  status: string;
  amount: Money;
  creatorId: string;
  createdAt: string;
  refs?: Record<string, string>;
  receipt?: { number: string; paidAt: string; paymentMethod: string; charge?: string };
  refundedAt?: string;
}

const TYPES: Record<string, string> = { SUBSCRIPTION: 'Subscription', TIP: 'Tip', PPV: 'Unlocked post', TICKET: 'Stream ticket' };

export default function Payments() {
  const payments = useLoad(() => api.get<{ items: Receipt[] }>('/payments').then((r) => r.data.items), []);
  const [open, setOpen] = useState<string | null>(null);
  return (
    <div className="mx-auto grid max-w-2xl gap-4">
      <h1 className="text-2xl font-bold">Payment history</h1>
      {payments.loading ? <Skeleton className="h-40" />
        : payments.error ? <ErrorState message={payments.error} onRetry={payments.reload} />
        : payments.data!.length === 0 ? <EmptyState title="No payments yet" />
        : (
          <Card className="divide-y divide-border">
            {payments.data!.map((p) => (
              <div key={p.id} data-testid="payment">
                <button className="flex w-full items-center gap-3 p-4 text-left" aria-expanded={open === p.id} onClick={() => setOpen(open === p.id ? null : p.id)}>
                  <div className="flex-1">
                    <p className="font-medium">{TYPES[p.type] ?? p.type}</p>
                    <p className="text-xs text-muted-foreground">{new Date(p.createdAt).toLocaleString()}</p>
                  </div>
                  <Badge tone={p.status === 'SUCCEEDED' ? 'success' : p.status === 'FAILED' ? 'danger' : 'muted'}>{p.status.toLowerCase()}</Badge>
                  <span className="w-20 text-right font-semibold">{formatMoney(p.amount)}</span>
                  <ChevronDown className="h-4 w-4 text-muted-foreground" aria-hidden />
                </button>
                {open === p.id && (
                  <dl className="grid grid-cols-2 gap-x-4 gap-y-1 px-4 pb-4 text-sm" aria-label="Receipt">
                    <dt className="text-muted-foreground">Receipt</dt><dd>{p.receipt?.number ?? '—'}</dd>
                    <dt className="text-muted-foreground">Paid</dt><dd>{p.receipt ? new Date(p.receipt.paidAt).toLocaleString() : '—'}</dd>
                    <dt className="text-muted-foreground">Card</dt><dd>{p.receipt?.paymentMethod ?? '—'}</dd>
                    {p.refs?.message && <><dt className="text-muted-foreground">Message</dt><dd>{p.refs.message}</dd></>}
                    {p.refundedAt && <><dt className="text-muted-foreground">Refunded</dt><dd>{new Date(p.refundedAt).toLocaleString()}</dd></>}
                    <dt className="text-muted-foreground">Payment id</dt><dd className="truncate font-mono text-xs">{p.id}</dd>
                  </dl>
                )}
              </div>
            ))}
          </Card>
        )}
    </div>
  );
}
