import { useCallback } from 'react';
import { Link } from 'react-router-dom';
import { PostList } from '@/features/content/components/PostList';
import { contentApi } from '@/features/content/api';

export default function Feed() {
  const load = useCallback((cursor?: string) => contentApi.feed(cursor, 10), []);
  return (
    <div className="mx-auto grid max-w-2xl gap-4">
      <h1 className="text-2xl font-bold">Your feed</h1>
      <PostList
        queryKey={['content', 'feed']}
        load={load}
        empty="Your feed is empty"
        emptyHint={
          <>
            Subscribe to creators to see their posts here.{' '}
            <Link to="/" className="text-primary hover:underline">
              Discover creators
            </Link>
          </>
        }
      />
    </div>
  );
}
