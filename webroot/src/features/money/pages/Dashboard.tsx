import { useApiQuery } from '@/lib/query';
import { moneyQueries } from '@/features/money/queries';
import { subscriptionsQueries } from '@/features/subscriptions/queries';
import { formatMoney, type Money } from '@/lib/utils';
import { Avatar } from '@/components/Avatar';
import { BarChart } from '@/components/BarChart';
import { PayoutPanel } from '@/features/money/components/PayoutPanel';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { EmptyState, ErrorState, Skeleton } from '@/components/ui/states';

interface Row {
  gross: Money;
  platformFee: Money;
  net: Money;
  day?: string;
  type?: string;
}
export interface Earnings {
  currency: string;
  gross: Money;
  platformFee: Money;
  net: Money;
  refunded: Money;
  chargedBack: Money;
  pending: Money;
  available: Money;
  paidOut: Money;
  payoutsInFlight?: Money;
  minimumPayout: Money;
  pendingReleases?: { amount: Money; availableAt: string }[];
  byType: Row[];
  byDay: Row[];
}
export interface Subscriber {
  subscriptionId: string;
  status: string;
  fan: { id: string; username: string; displayName?: string; avatar?: string };
  since: string;
  currentPeriodEnd: string;
}

export function Stat({ label, value, testId }: { label: string; value: Money; testId?: string }) {
  return (
    <Card className="p-4">
      <p className="text-xs uppercase tracking-wide text-muted-foreground">{label}</p>
      <p className="mt-1 text-2xl font-bold" data-testid={testId}>
        {formatMoney(value)}
      </p>
    </Card>
  );
}

export default function Dashboard() {
  const earnings = useApiQuery(moneyQueries.earnings());
  const subscribers = useApiQuery(subscriptionsQueries.subscribers());
  if (earnings.loading)
    return (
      <div className="grid gap-4 sm:grid-cols-3">
        <Skeleton className="h-24" />
        <Skeleton className="h-24" />
        <Skeleton className="h-24" />
      </div>
    );
  if (earnings.error) return <ErrorState message={earnings.error} onRetry={earnings.reload} />;
  const e = earnings.data!;
  const days = e.byDay.slice(-30);

  return (
    <div className="grid gap-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold">Earnings</h1>
      </div>
      <div className="grid grid-cols-2 gap-3 md:grid-cols-5">
        <Stat label="Gross" value={e.gross} testId="earnings-gross" />
        <Stat label="Platform fee" value={e.platformFee} testId="earnings-fee" />
        <Stat label="Net" value={e.net} testId="earnings-net" />
        <Stat label="Pending" value={e.pending} testId="earnings-pending" />
        <Stat label="Available" value={e.available} testId="earnings-available" />
      </div>
      <PayoutPanel facts={e} onChange={earnings.reload} />
      <div className="grid gap-4 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>By day</CardTitle>
          </CardHeader>
          <CardContent>
            {days.length === 0 ? (
              <EmptyState title="No earnings yet" />
            ) : (
              <BarChart
                title="Net and fee by day"
                series={['Net', 'Platform fee']}
                colors={['#ec4899', '#52525b']}
                bars={days.map((d) => ({ label: (d.day ?? '').slice(5), values: [d.net.amount, d.platformFee.amount] }))}
              />
            )}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>By type</CardTitle>
          </CardHeader>
          <CardContent>
            {e.byType.length === 0 ? (
              <EmptyState title="No earnings yet" />
            ) : (
              <>
                <BarChart
                  title="Net and fee by type"
                  series={['Net', 'Platform fee']}
                  colors={['#ec4899', '#52525b']}
                  height={120}
                  bars={e.byType.map((t) => ({
                    label: (t.type ?? '').slice(0, 5).toLowerCase(),
                    values: [t.net.amount, t.platformFee.amount],
                  }))}
                />
                <table className="w-full text-sm" data-testid="earnings-by-type">
                  <thead>
                    <tr className="text-left text-muted-foreground">
                      <th className="py-1 font-normal">Type</th>
                      <th className="font-normal">Gross</th>
                      <th className="font-normal">Fee</th>
                      <th className="font-normal">Net</th>
                    </tr>
                  </thead>
                  <tbody>
                    {e.byType.map((t) => (
                      <tr key={t.type} className="border-t border-border">
                        <td className="py-2">{t.type}</td>
                        <td>{formatMoney(t.gross)}</td>
                        <td>{formatMoney(t.platformFee)}</td>
                        <td className="font-semibold">{formatMoney(t.net)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </>
            )}
            {(e.refunded.amount > 0 || e.chargedBack.amount > 0 || e.paidOut.amount > 0) && (
              <p className="mt-3 text-xs text-muted-foreground">
                Refunded {formatMoney(e.refunded)} · charged back {formatMoney(e.chargedBack)} · paid out {formatMoney(e.paidOut)}
              </p>
            )}
          </CardContent>
        </Card>
      </div>
      <Card>
        <CardHeader>
          <CardTitle>Subscribers {subscribers.data ? `(${subscribers.data.count})` : ''}</CardTitle>
        </CardHeader>
        <CardContent>
          {subscribers.loading ? (
            <Skeleton className="h-20" />
          ) : subscribers.error ? (
            <ErrorState message={subscribers.error} onRetry={subscribers.reload} />
          ) : subscribers.data!.items.length === 0 ? (
            <EmptyState title="No subscribers yet">Share your page to get your first fans.</EmptyState>
          ) : (
            <ul className="divide-y divide-border">
              {subscribers.data!.items.map((s) => (
                <li key={s.subscriptionId} className="flex items-center gap-3 py-2">
                  <Avatar name={s.fan.displayName || s.fan.username} media={s.fan.avatar} size={32} />
                  <span className="flex-1">@{s.fan.username}</span>
                  <span className="text-xs text-muted-foreground">
                    since {new Date(s.since).toLocaleDateString()} · {s.status.toLowerCase()}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
