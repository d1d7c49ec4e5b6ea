import { query } from '@/lib/query';
import { contentApi } from './api';

export const contentQueries = {
  post: (id: string) => query(['content', 'post', id], () => contentApi.post(id)),
  /** Fewer than 2 characters searches nothing (null). */
  search: (q: string) =>
    query(['content', 'search', q.trim()], () => (q.trim().length >= 2 ? contentApi.search(q) : Promise.resolve(null))),
};
