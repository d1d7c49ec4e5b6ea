import { useCallback, useEffect, useState } from 'react';
import { toApiError } from '@/lib/api';
import { toast } from '@/store/toast';
import { contentApi } from '@/features/content/api';

const urls = new Map<string, { url: string; until: number }>();

/** The short-lived URL of a media object (or its thumbnail) the viewer may see; null while unknown or refused. */
export function useMediaUrl(id: string | undefined | null, variant: 'content' | 'thumbnail' = 'content') {
  const key = id ? `${id}/${variant}` : '';
  const cached = key ? urls.get(key) : undefined;
  const [url, setUrl] = useState<string | null>(cached && cached.until > Date.now() ? cached.url : null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (!id) return;
    const hit = urls.get(key);
    if (hit && hit.until > Date.now()) {
      setUrl(hit.url);
      return;
    }
    let live = true;
    contentApi.mediaUrl(id, variant).then(
      (mediaUrl) => {
        if (urls.size > 500) urls.forEach((v, k) => v.until <= Date.now() && urls.delete(k)); // expired ones are useless
        urls.set(key, { url: mediaUrl, until: Date.now() + 4 * 60_000 }); // presigned for 5 min
        if (live) setUrl(mediaUrl);
      },
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [id, key, variant]);
  return { url, failed };
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
