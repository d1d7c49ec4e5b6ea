import { useEffect, useRef } from 'react';
import { useInfiniteQuery, type InfiniteData, type QueryKey } from '@tanstack/react-query';
import { toApiError } from '@/lib/api';
import { queryClient } from '@/lib/query';
import type { Page, Post } from '@/lib/types';
import { PostCard } from '@/features/content/components/PostCard';
import { PostGrid } from '@/features/content/components/PostGrid';
import { Button } from '@/components/ui/button';
import { EmptyState, ErrorState, Skeleton } from '@/components/ui/states';

/**
 * Posts with infinite scroll: the next page loads when the end comes into view (or on the button).
 * The pages live in the query cache under `queryKey`, so coming back shows them at once.
 */
export function PostList({
  queryKey,
  load,
  empty,
  emptyHint,
  grid = false,
}: {
  queryKey: QueryKey;
  load(cursor?: string): Promise<Page<Post>>;
  empty: string;
  emptyHint?: React.ReactNode;
  grid?: boolean;
}) {
  const list = useInfiniteQuery(
    {
      queryKey,
      queryFn: ({ pageParam }) => load(pageParam),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: (last) => last.nextCursor ?? undefined,
    },
    queryClient,
  );
  const sentinel = useRef<HTMLDivElement>(null);
  const posts = unique(list.data?.pages.flatMap((page) => page.items) ?? []);
  const loading = list.isPending || list.isFetchingNextPage;
  const error = list.error ? toApiError(list.error).message : null;
  const cursor = list.hasNextPage ? 'more' : list.data ? null : undefined;
  const more = () => {
    if (!list.data) void list.refetch();
    else if (list.hasNextPage && !list.isFetchingNextPage) void list.fetchNextPage();
  };

  useEffect(() => {
    const el = sentinel.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const io = new IntersectionObserver((entries) => entries[0].isIntersecting && more(), { rootMargin: '600px' });
    io.observe(el);
    return () => io.disconnect();
  });

  // A like or an unlock changes one post: it is changed where the cache keeps it.
  const replace = (post: Post) =>
    queryClient.setQueryData<InfiniteData<Page<Post>>>(
      queryKey,
      (data) =>
        data && { ...data, pages: data.pages.map((page) => ({ ...page, items: page.items.map((o) => (o.id === post.id ? post : o)) })) },
    );

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

/** A post that moved up a page while scrolling arrives twice: it is shown once. */
function unique(posts: Post[]): Post[] {
  const seen = new Set<string>();
  return posts.filter((p) => !seen.has(p.id) && !!seen.add(p.id));
}
