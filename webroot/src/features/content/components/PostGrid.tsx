import { Link } from 'react-router-dom';
import { Film, Lock, Type } from 'lucide-react';
import { useMediaUrl } from '@/lib/hooks';
import type { Post } from '@/lib/types';
import { formatMoney } from '@/lib/utils';

function Tile({ post }: { post: Post }) {
  const first = post.media?.[0];
  const { url } = useMediaUrl(!post.locked && first && first.mimeType.startsWith('image/') ? first.id : null, 'thumbnail');
  return (
    <Link
      to={`/p/${post.id}`}
      className="group relative block aspect-square overflow-hidden rounded-md bg-muted"
      data-testid="post-tile"
      data-locked={post.locked}
      aria-label={post.locked ? `Locked post${post.price ? `, ${formatMoney(post.price)}` : ''}` : post.text?.slice(0, 60) || 'Post'}
    >
      {post.locked ? (
        <>
          {post.previewUrl ? (
            <img src={post.previewUrl} alt="" className="h-full w-full object-cover opacity-60 blur-sm" />
          ) : (
            <div className="h-full w-full bg-gradient-to-br from-pink-950 via-zinc-900 to-violet-950" />
          )}
          <div className="absolute inset-0 flex flex-col items-center justify-center gap-1 text-sm">
            <Lock className="h-6 w-6" aria-hidden />
            {post.visibility === 'PPV' && post.price ? (
              <span className="font-semibold">{formatMoney(post.price)}</span>
            ) : (
              <span className="text-xs">Subscribers</span>
            )}
          </div>
        </>
      ) : url ? (
        <img src={url} alt="" className="h-full w-full object-cover transition-transform group-hover:scale-105" />
      ) : (
        <div className="flex h-full w-full items-center justify-center p-3 text-center text-xs text-zinc-300">
          {first?.mimeType.startsWith('video/') ? (
            <Film className="h-6 w-6" aria-hidden />
          ) : post.text ? (
            <span className="line-clamp-5">{post.text}</span>
          ) : (
            <Type className="h-6 w-6" aria-hidden />
          )}
        </div>
      )}
    </Link>
  );
}

/** The creator page's grid: one square per post, locked ones showing only what they cost. */
export function PostGrid({ posts }: { posts: Post[] }) {
  return (
    <div className="grid grid-cols-3 gap-1 sm:gap-2" data-testid="post-grid">
      {posts.map((p) => (
        <Tile key={p.id} post={p} />
      ))}
    </div>
  );
}
