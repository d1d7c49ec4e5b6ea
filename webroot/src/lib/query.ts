import { QueryClient, useQuery, type QueryKey } from '@tanstack/react-query';
import { toApiError } from './api';

/**
 * The app's one query cache (TanStack Query): a page shows what it read last at once and reads it
 * again; an action invalidates the keys it changed, so every page that shows them is fresh.
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A refusal (4xx) is an answer: only a lost connection or a server failure is asked again, once.
      retry: (failures, err) => {
        const status = toApiError(err).status;
        return failures < 1 && (status === 0 || status >= 500);
      },
      refetchOnWindowFocus: false,
    },
  },
});

/** A read: its cache key (feature first, e.g. `['money', 'cards']`) and how to fetch it. */
export interface Query<T> {
  queryKey: QueryKey;
  queryFn: () => Promise<T>;
}

export function query<T>(queryKey: QueryKey, queryFn: () => Promise<T>): Query<T> {
  return { queryKey, queryFn };
}

export interface Loaded<T> {
  data: T | undefined;
  /** The failure in words, for the page to show. */
  error: string | null;
  /** Nothing to show yet (a re-read keeps showing the last answer). */
  loading: boolean;
  reload(): void;
  setData(data: T): void;
}

export function useApiQuery<T>(read: Query<T>): Loaded<T> {
  const result = useQuery({ queryKey: read.queryKey, queryFn: read.queryFn }, queryClient);
  return {
    data: result.data,
    error: result.error ? toApiError(result.error).message : null,
    loading: result.isPending,
    reload: () => void result.refetch(),
    setData: (data) => queryClient.setQueryData(read.queryKey, data),
  };
}

/** After an action: every read under these key prefixes is stale (read again where shown). */
export function invalidate(...prefixes: QueryKey[]): void {
  for (const queryKey of prefixes) void queryClient.invalidateQueries({ queryKey });
}
