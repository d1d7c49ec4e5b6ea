import { useState } from 'react';
import { BadgeCheck } from 'lucide-react';
import { toApiError } from '@/lib/api';
import { useAction } from '@/lib/hooks';
import { useApiQuery } from '@/lib/query';
import { adminQueries } from '@/features/admin/queries';
import type { User } from '@/lib/types';
import { formatMoney } from '@/lib/utils';
import { toast } from '@/store/toast';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { Field, Input } from '@/components/ui/input';
import { EmptyState, ErrorState, Skeleton } from '@/components/ui/states';
import { Tabs, TabsContent, TabsList, TabsTrigger } from '@/components/ui/tabs';
import { adminApi } from '@/features/admin/api';

function Users() {
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const users = useApiQuery(adminQueries.users(query));
  const act = async (u: User, path: string, body: Record<string, unknown>, done: string) => {
    try {
      await adminApi.userAction(u.id, path, body);
      toast.success(done);
      users.reload();
    } catch (e) {
      toast.error(toApiError(e).message);
    }
  };
  return (
    <Card>
      <CardHeader>
        <CardTitle>Users</CardTitle>
      </CardHeader>
      <CardContent className="grid gap-3">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setQuery(q.trim());
          }}
          className="flex gap-2"
        >
          <Input aria-label="Username starts with" placeholder="Username starts with…" value={q} onChange={(e) => setQ(e.target.value)} />
          <Button type="submit" variant="outline">
            Search
          </Button>
        </form>
        {users.loading ? (
          <Skeleton className="h-40" />
        ) : users.error ? (
          <ErrorState message={users.error} onRetry={users.reload} />
        ) : users.data!.length === 0 ? (
          <EmptyState title="No users match" />
        ) : (
          <ul className="divide-y divide-border">
            {users.data!.map((u) => (
              <li key={u.id} className="flex flex-wrap items-center gap-2 py-2 text-sm" data-testid="admin-user">
                <span className="flex-1 font-medium">
                  @{u.username} {u.verified && <BadgeCheck className="inline h-4 w-4 text-sky-400" aria-label="verified" />}
                </span>
                <Badge tone="muted">{u.role.toLowerCase()}</Badge>
                <Badge tone={u.status === 'SUSPENDED' ? 'danger' : 'success'}>{(u.status ?? '').toLowerCase()}</Badge>
                {u.role === 'CREATOR' && (
                  <Button
                    size="sm"
                    variant="outline"
                    onClick={() => act(u, 'verify', { verified: !u.verified }, u.verified ? 'Verification removed.' : 'Creator verified.')}
                  >
                    {u.verified ? 'Unverify' : 'Verify'}
                  </Button>
                )}
                {u.role !== 'ADMIN' && (
                  <Button
                    size="sm"
                    variant={u.status === 'SUSPENDED' ? 'outline' : 'destructive'}
                    onClick={() =>
                      act(
                        u,
                        'suspend',
                        { suspended: u.status !== 'SUSPENDED' },
                        u.status === 'SUSPENDED' ? 'Account restored.' : 'Account suspended.',
                      )
                    }
                  >
                    {u.status === 'SUSPENDED' ? 'Unsuspend' : 'Suspend'}
                  </Button>
                )}
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}

function Refunds() {
  const [id, setId] = useState('');
  const { busy, run } = useAction({ toastErrors: true });
  const reconciliation = useApiQuery(adminQueries.reconciliation());
  const refund = (e: React.FormEvent) => {
    e.preventDefault();
    return run(async () => {
      const refunded = await adminApi.refund(id.trim());
      toast.success(`Refunded ${formatMoney(refunded.amount)}.`);
      setId('');
      reconciliation.reload();
    });
  };
  return (
    <div className="grid gap-4">
      <Card>
        <CardHeader>
          <CardTitle>Refund a payment</CardTitle>
        </CardHeader>
        <CardContent>
          <form className="flex flex-wrap items-end gap-2" onSubmit={refund}>
            <Field label="Payment id" htmlFor="payment-id">
              <Input id="payment-id" className="w-96 max-w-full font-mono" required value={id} onChange={(e) => setId(e.target.value)} />
            </Field>
            <Button type="submit" variant="destructive" busy={busy}>
              Refund
            </Button>
          </form>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Ledger reconciliation</CardTitle>
        </CardHeader>
        <CardContent>
          {reconciliation.loading ? (
            <Skeleton className="h-16" />
          ) : reconciliation.error ? (
            <ErrorState message={reconciliation.error} onRetry={reconciliation.reload} />
          ) : (
            <pre className="overflow-x-auto rounded-md bg-muted p-3 text-xs">{JSON.stringify(reconciliation.data, null, 2)}</pre>
          )}
        </CardContent>
      </Card>
    </div>
  );
}

export interface ClusterNode {
  nodeId: string;
  httpPort?: number;
  verticles: Record<string, number>;
  [k: string]: unknown;
}

function Cluster() {
  const cluster = useApiQuery(adminQueries.cluster());
  if (cluster.loading) return <Skeleton className="h-32" />;
  if (cluster.error) return <ErrorState message={cluster.error} onRetry={cluster.reload} />;
  return (
    <div className="grid gap-3 md:grid-cols-2">
      {cluster.data!.nodes.map((n) => (
        <Card key={n.nodeId} className="p-4" data-testid="cluster-node">
          <p className="font-mono text-sm font-semibold">{n.nodeId}</p>
          <ul className="mt-2 grid grid-cols-2 gap-1 text-sm">
            {Object.entries(n.verticles ?? {}).map(([name, count]) => (
              <li key={name} className="flex justify-between rounded bg-muted px-2 py-1">
                <span>{name}</span>
                <span>×{count}</span>
              </li>
            ))}
          </ul>
        </Card>
      ))}
    </div>
  );
}

export default function Admin() {
  return (
    <div className="grid gap-4">
      <h1 className="text-2xl font-bold">Admin</h1>
      <Tabs defaultValue="users">
        <TabsList>
          <TabsTrigger value="users">Users</TabsTrigger>
          <TabsTrigger value="payments">Payments</TabsTrigger>
          <TabsTrigger value="cluster">Cluster</TabsTrigger>
        </TabsList>
        <TabsContent value="users" className="mt-4">
          <Users />
        </TabsContent>
        <TabsContent value="payments" className="mt-4">
          <Refunds />
        </TabsContent>
        <TabsContent value="cluster" className="mt-4">
          <Cluster />
        </TabsContent>
      </Tabs>
    </div>
  );
}
