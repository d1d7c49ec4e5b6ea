import { query } from '@/lib/query';
import { liveApi } from './api';

export const liveQueries = {
  stream: (id: string) => query(['live', 'stream', id], () => liveApi.stream(id)),
  live: (creator?: string) => query(['live', 'streams', 'LIVE', creator ?? null], () => liveApi.streams({ status: 'LIVE', creator })),
  /** A creator's live and scheduled streams (the studio's). */
  upcoming: (creator: string) =>
    query(['live', 'streams', 'upcoming', creator], async () => {
      const [live, scheduled] = await Promise.all(['LIVE', 'SCHEDULED'].map((status) => liveApi.streams({ status, creator })));
      return [...live, ...scheduled];
    }),
};
