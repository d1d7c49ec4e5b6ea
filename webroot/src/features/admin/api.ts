// The admin console's REST calls (accounts, money, cluster): the only place their paths are written.
import { api } from '@/lib/api';
import type { User } from '@/lib/types';
import type { Money } from '@/lib/utils';
import type { ClusterNode } from '@/features/admin/pages/Admin';

export const adminApi = {
  users: (q?: string, limit = 50) =>
    api.get<{ items: User[] }>('/admin/users', { params: { q: q || undefined, limit } }).then((r) => r.data.items),
  /** verify or suspend an account. */
  userAction: (id: string, action: string, body: Record<string, unknown>) =>
    api.post(`/admin/users/${id}/${action}`, body).then(() => undefined),
  refund: (paymentId: string) => api.post<{ amount: Money }>(`/admin/payments/${paymentId}/refund`, {}).then((r) => r.data),
  reconciliation: () => api.get('/admin/ledger/reconciliation').then((r) => r.data),
  cluster: () => api.get<{ nodes: ClusterNode[] }>('/admin/cluster').then((r) => r.data),
};
