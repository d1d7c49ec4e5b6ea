import { useCallback } from 'react';
import { Link } from 'react-router-dom';
import { api } from '@/lib/api';
import { PostList } from '@/components/PostList';

export default function Feed() {
  const load = useCallback((cursor?: string) => api.get('/feed', { params: { cursor, limit: 10 } }).then((r) => r.data), []);
  return (
    <div className="mx-auto grid max-w-2xl gap-4">
      <h1 className="text-2xl font-bold">Your feed</h1>
      <PostList
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
