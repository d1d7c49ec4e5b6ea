import { query } from '@/lib/query';
import { adminApi } from './api';

export const adminQueries = {
  users: (q: string) => query(['admin', 'users', q], () => adminApi.users(q)),
  reconciliation: () => query(['admin', 'reconciliation'], adminApi.reconciliation),
  cluster: () => query(['admin', 'cluster'], adminApi.cluster),
};
