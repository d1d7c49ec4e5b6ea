import { query } from '@/lib/query';
import { subscriptionsApi } from './api';

export const subscriptionsQueries = {
  mine: () => query(['subscriptions', 'mine'], subscriptionsApi.mine),
  subscribers: () => query(['subscriptions', 'subscribers'], subscriptionsApi.subscribers),
};
