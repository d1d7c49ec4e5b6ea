import { query } from '@/lib/query';
import { accountsApi } from './api';

export const accountsQueries = {
  creator: (username: string) => query(['accounts', 'creator', username], () => accountsApi.creator(username)),
};
