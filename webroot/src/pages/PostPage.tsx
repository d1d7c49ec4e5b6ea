import { useParams } from 'react-router-dom';
import { api } from '@/lib/api';
import { useLoad } from '@/lib/hooks';
import type { Post } from '@/lib/types';
import { PostCard } from '@/components/PostCard';
import { ErrorState, Skeleton } from '@/components/ui/states';

export default function PostPage() {
  const { id = '' } = useParams();
  const post = useLoad(() => api.get<Post>(`/posts/${id}`).then((r) => r.data), [id]);
  return (
    <div className="mx-auto max-w-2xl">
      {post.loading ? (
        <Skeleton className="h-96" />
      ) : post.error ? (
        <ErrorState message={post.error} onRetry={post.reload} />
      ) : (
        <PostCard post={post.data!} onChange={post.setData} />
      )}
    </div>
  );
}
