import { useParams } from 'react-router-dom';
import { useApiQuery } from '@/lib/query';
import { contentQueries } from '@/features/content/queries';
import { PostCard } from '@/features/content/components/PostCard';
import { ErrorState, Skeleton } from '@/components/ui/states';

export default function PostPage() {
  const { id = '' } = useParams();
  const post = useApiQuery(contentQueries.post(id));
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
