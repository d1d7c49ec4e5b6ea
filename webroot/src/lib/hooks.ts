import { useCallback, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { toApiError } from '@/lib/api';
import { queryClient } from '@/lib/query';
import { toast } from '@/store/toast';
import { contentApi } from '@/features/content/api';

/**
 * The short-lived URL of a media object (or its thumbnail) the viewer may see; null while unknown or
 * refused. Read through the query cache (cleared when the signed-in user changes): presigned for
 * five minutes, it is used for four.
 */
export function useMediaUrl(id: string | undefined | null, variant: 'content' | 'thumbnail' = 'content') {
  const result = useQuery(
    {
      queryKey: ['media', id, variant],
      queryFn: () => contentApi.mediaUrl(id as string, variant),
      enabled: !!id,
      staleTime: 4 * 60_000,
      gcTime: 4 * 60_000,
    },
    queryClient,
  );
  return { url: id ? (result.data ?? null) : null, failed: !!id && result.isError };
}

/**
 * One user action at a time with its busy flag and its error in words: `run` catches the failure
 * (shown in the form, or as a toast with `toastErrors`) and resolves to whether it succeeded.
 */
export function useAction({ toastErrors = false } = {}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(
    async (action: () => Promise<unknown>): Promise<boolean> => {
      setBusy(true);
      setError(null);
      try {
        await action();
        return true;
      } catch (err) {
        const message = toApiError(err).message;
        if (toastErrors) toast.error(message);
        else setError(message);
        return false;
      } finally {
        setBusy(false);
      }
    },
    [toastErrors],
  );
  return { busy, error, setError, run };
}
