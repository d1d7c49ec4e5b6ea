// The subscriptions domain's REST calls: the only place their paths are written.
import { api } from '@/lib/api';
import type { Subscription } from '@/lib/types';
import type { Subscriber } from '@/features/money/pages/Dashboard';

export const subscriptionsApi = {
  mine: () => api.get<{ items: Subscription[] }>('/subscriptions').then((r) => r.data.items),
  /** Subscribe (a bundle when {@code months} is set) under the attempt's Idempotency-Key. */
  subscribe: (creator: string, paymentMethod: string, key: string, months?: number) =>
    api
      .post<Subscription>(`/creators/${creator}/subscriptions`, months ? { paymentMethod, bundleMonths: months } : { paymentMethod }, {
        headers: { 'Idempotency-Key': key },
      })
      .then((r) => r.data),
  cancel: (id: string) => api.delete<Subscription>(`/subscriptions/${id}`).then((r) => r.data),
  update: (id: string, change: { cancelAtPeriodEnd?: boolean; paymentMethod?: string }) =>
    api.patch<Subscription>(`/subscriptions/${id}`, change).then((r) => r.data),
  subscribers: () => api.get<{ items: Subscriber[]; count: number }>('/creators/me/subscribers').then((r) => r.data),
};
