// The payments domain's REST calls: the only place their paths are written. Every charge carries
// the caller's Idempotency-Key, so a retry of the same attempt never pays twice.
import { api } from '@/lib/api';
import type { SavedCard } from '@/lib/types';
import type { Money } from '@/lib/utils';
import type { PaymentsConfig } from '@/features/money/components/Checkout';
import type { Payout, PayoutAccount } from '@/features/money/components/PayoutPanel';
import type { Earnings } from '@/features/money/pages/Dashboard';
import type { Receipt } from '@/features/money/pages/Payments';

const once = (key: string) => ({ headers: { 'Idempotency-Key': key } });

export interface TipRequest {
  creator: string;
  amount: Money;
  postId?: string;
  message?: string;
  paymentMethod: string;
}

export const moneyApi = {
  config: () => api.get<PaymentsConfig>('/payments/config').then((r) => r.data),
  tip: (body: TipRequest, key: string) => api.post('/tips', body, once(key)).then((r) => r.data),
  purchasePost: (postId: string, paymentMethod: string, key: string) =>
    api.post(`/posts/${postId}/purchase`, { paymentMethod }, once(key)).then((r) => r.data),
  buyTicket: (streamId: string, paymentMethod: string, key: string) =>
    api.post(`/streams/${streamId}/tickets`, { paymentMethod }, once(key)).then((r) => r.data),
  payments: () => api.get<{ items: Receipt[] }>('/payments').then((r) => r.data.items),
  cards: () => api.get<{ items: SavedCard[] }>('/payments/cards').then((r) => r.data.items),
  makeDefaultCard: (cardId: string) => api.post(`/payments/cards/${cardId}/default`).then(() => undefined),
  removeCard: (cardId: string) => api.delete(`/payments/cards/${cardId}`).then(() => undefined),
  earnings: () => api.get<Earnings>('/earnings').then((r) => r.data),
  payouts: () => api.get<{ items: Payout[] }>('/payouts').then((r) => r.data.items),
  requestPayout: (key: string) => api.post<Payout>('/payouts', {}, once(key)).then((r) => r.data),
  /** The creator's payout account; null when she has none yet. */
  payoutAccount: () =>
    api.get<PayoutAccount>('/creators/me/payout-account').then(
      (r) => r.data,
      (e) => (e.status === 404 ? null : Promise.reject(e)),
    ),
  openPayoutAccount: (body: { bankAccount?: string }) =>
    api.post<PayoutAccount & { onboardingUrl?: string }>('/creators/me/payout-account', body).then((r) => r.data),
};
