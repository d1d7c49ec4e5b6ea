import { query } from '@/lib/query';
import { moneyApi } from './api';

/** The money reads, keyed under `money`: a payment, a card change or a payout invalidates them. */
export const moneyQueries = {
  config: () => query(['money', 'config'], moneyApi.config),
  cards: () => query(['money', 'cards'], moneyApi.cards),
  payments: () => query(['money', 'payments'], moneyApi.payments),
  earnings: () => query(['money', 'earnings'], moneyApi.earnings),
  payoutAccount: () => query(['money', 'payout-account'], moneyApi.payoutAccount),
  payouts: () => query(['money', 'payouts'], moneyApi.payouts),
};
