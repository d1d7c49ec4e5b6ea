import { useParams } from 'react-router-dom';
import { useLoad } from '@/lib/hooks';
import { PostCard } from '@/features/content/components/PostCard';
import { ErrorState, Skeleton } from '@/components/ui/states';
import { contentApi } from '@/features/content/api';

export default function PostPage() {
  const { id = '' } = useParams();
  const post = useLoad(() => contentApi.post(id), [id]);
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
