import { useEffect, useRef, useState } from 'react';
import { toApiError } from '@/lib/api';
import type { Page, Post } from '@/lib/types';
import { PostCard } from '@/features/content/components/PostCard';
import { PostGrid } from '@/features/content/components/PostGrid';
import { Button } from '@/components/ui/button';
import { EmptyState, ErrorState, Skeleton } from '@/components/ui/states';

/** Posts with infinite scroll: the next page loads when the end comes into view (or on the button). */
export function PostList({
  load,
  empty,
  emptyHint,
  grid = false,
}: {
  load(cursor?: string): Promise<Page<Post>>;
  empty: string;
  emptyHint?: React.ReactNode;
  grid?: boolean;
}) {
  const [posts, setPosts] = useState<Post[]>([]);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const sentinel = useRef<HTMLDivElement>(null);
  const busy = useRef(false);

  const more = async () => {
    if (busy.current || cursor === null) return;
    busy.current = true;
    setLoading(true);
    setError(null);
    try {
      const page = await load(cursor);
      setPosts((p) => [...p, ...page.items.filter((n) => !p.some((o) => o.id === n.id))]);
      setCursor(page.nextCursor ?? null);
    } catch (e) {
      setError(toApiError(e).message);
    } finally {
      busy.current = false;
      setLoading(false);
    }
  };

  useEffect(() => {
    more();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const el = sentinel.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const io = new IntersectionObserver((entries) => entries[0].isIntersecting && more(), { rootMargin: '600px' });
    io.observe(el);
    return () => io.disconnect();
  });

  const replace = (post: Post) => setPosts((p) => p.map((o) => (o.id === post.id ? post : o)));

  if (posts.length === 0 && loading)
    return (
      <div className="grid gap-4">
        <Skeleton className="h-64" />
        <Skeleton className="h-64" />
      </div>
    );
  if (posts.length === 0 && error) return <ErrorState message={error} onRetry={more} />;
  if (posts.length === 0 && cursor === null) return <EmptyState title={empty}>{emptyHint}</EmptyState>;
  return (
    <div className="grid gap-4" data-testid="post-list">
      {grid ? <PostGrid posts={posts} /> : posts.map((p) => <PostCard key={p.id} post={p} onChange={replace} />)}
      {error && <ErrorState message={error} onRetry={more} />}
      {cursor !== null && !error && (
        <div ref={sentinel} className="flex justify-center">
          <Button variant="outline" busy={loading} onClick={more}>
            Load more
          </Button>
        </div>
      )}
    </div>
  );
}
