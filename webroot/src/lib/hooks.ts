import { useCallback, useEffect, useRef, useState } from 'react';
import { toApiError } from '@/lib/api';
import { toast } from '@/store/toast';
import { contentApi } from '@/features/content/api';

export interface Loaded<T> {
  data: T | undefined;
  error: string | null;
  loading: boolean;
  reload(): void;
  setData(data: T): void;
}

/** Runs an async load when its inputs change; the latest call wins. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const call = useRef(0);
  useEffect(() => {
    const mine = ++call.current;
    setLoading(true);
    setError(null);
    load().then(
      (value) => {
        if (mine === call.current) {
          setData(value);
          setLoading(false);
        }
      },
      (err) => {
        if (mine === call.current) {
          setError(toApiError(err).message);
          setLoading(false);
        }
      },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload, setData };
}

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
