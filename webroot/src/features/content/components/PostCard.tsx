import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Heart, Lock, MessageCircle, Eye, Image as ImageIcon, Film, Clock } from 'lucide-react';
import { useMediaUrl } from '@/lib/hooks';
import type { MediaRef, Post } from '@/lib/types';
import { formatMoney, timeAgo } from '@/lib/utils';
import { useAuth } from '@/store/auth';
import { toast } from '@/store/toast';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { CheckoutDialog } from '@/features/money/components/Checkout';
import { TipButton } from '@/features/money/components/TipButton';
import { Avatar } from '@/components/Avatar';
import { contentApi } from '@/features/content/api';
import { moneyApi } from '@/features/money/api';

export function MediaView({ media }: { media: MediaRef }) {
  const { url, failed } = useMediaUrl(media.id);
  if (failed)
    return <div className="flex aspect-video items-center justify-center bg-muted text-sm text-muted-foreground">Media unavailable</div>;
  if (!url) return <div className="aspect-video animate-pulse bg-muted" />;
  if (media.mimeType.startsWith('video/')) {
    // Uploads carry no caption track yet (captions and alt text per media item: issue 20).
    // eslint-disable-next-line jsx-a11y/media-has-caption
    return <video src={url} controls preload="metadata" className="max-h-[70vh] w-full bg-black" />;
  }
  return <img src={url} alt="" loading="lazy" className="max-h-[70vh] w-full bg-black object-contain" data-testid="post-image" />;
}

/** One post, locked or not: the lock shows what it costs, never what it hides. */
export function PostCard({ post, onChange }: { post: Post; onChange?(post: Post): void }) {
  const user = useAuth((s) => s.user);
  const [buying, setBuying] = useState(false);
  const [likeBusy, setLikeBusy] = useState(false);
  const mine = user?.id === post.creator.id;

  const like = async () => {
    if (!user) {
      toast.info('Sign in to like posts.');
      return;
    }
    setLikeBusy(true);
    const liked = !post.liked;
    try {
      await (liked ? contentApi.like(post.id) : contentApi.unlike(post.id));
      onChange?.({ ...post, liked, likes: Math.max(0, post.likes + (liked ? 1 : -1)) });
    } catch (e) {
      toast.error((e as Error).message);
    } finally {
      setLikeBusy(false);
    }
  };

  const reload = async () => {
    onChange?.(await contentApi.post(post.id));
  };

  return (
    <Card className="overflow-hidden" data-testid="post" data-locked={post.locked}>
      <div className="flex items-center gap-3 p-4">
        <Link to={`/c/${post.creator.username}`} className="flex items-center gap-3 hover:underline">
          <Avatar name={post.creator.username} size={36} />
          <span className="font-medium">@{post.creator.username}</span>
        </Link>
        <span className="ml-auto flex items-center gap-2 text-xs text-muted-foreground">
          {post.scheduled && (
            <Badge tone="muted">
              <Clock className="h-3 w-3" />
              Scheduled
            </Badge>
          )}
          {post.visibility === 'PPV' && <Badge>PPV {post.price && formatMoney(post.price)}</Badge>}
          {post.visibility === 'SUBSCRIBERS' && <Badge tone="muted">Subscribers</Badge>}
          <Link to={`/p/${post.id}`} className="hover:underline">
            {timeAgo(post.publishAt)}
          </Link>
        </span>
      </div>
      {post.locked ? (
        <div className="relative">
          {post.previewUrl ? (
            <img src={post.previewUrl} alt="" className="aspect-video w-full object-cover opacity-60 blur-sm" />
          ) : (
            <div className="aspect-video w-full bg-gradient-to-br from-pink-950 via-zinc-900 to-violet-950" />
          )}
          <div className="absolute inset-0 flex flex-col items-center justify-center gap-3 p-4 text-center">
            <Lock className="h-8 w-8" aria-hidden />
            <p className="text-sm text-zinc-200">
              {post.mediaCount > 0 && (
                <>
                  {post.mediaCount} {post.type === 'VIDEO' ? <Film className="inline h-4 w-4" /> : <ImageIcon className="inline h-4 w-4" />}{' '}
                  ·{' '}
                </>
              )}
              {post.visibility === 'PPV' ? 'Pay-per-view post' : 'For subscribers'}
            </p>
            {post.textPreview && <p className="max-w-sm text-sm text-zinc-300">{post.textPreview}…</p>}
            {post.visibility === 'PPV' && post.price ? (
              user ? (
                <Button onClick={() => setBuying(true)}>Unlock for {formatMoney(post.price)}</Button>
              ) : (
                <Button asChild>
                  <Link to="/login">Sign in to unlock</Link>
                </Button>
              )
            ) : (
              <Button asChild variant="secondary">
                <Link to={`/c/${post.creator.username}`}>Subscribe to see</Link>
              </Button>
            )}
          </div>
        </div>
      ) : (
        <>
          {post.text && (
            <p className="whitespace-pre-wrap px-4 pb-3" data-testid="post-text">
              {post.text}
            </p>
          )}
          {post.media?.map((m) => (
            <MediaView key={m.id} media={m} />
          ))}
        </>
      )}
      <div className="flex items-center gap-1 p-2">
        <Button
          variant="ghost"
          size="sm"
          onClick={like}
          busy={likeBusy}
          aria-pressed={!!post.liked}
          aria-label={post.liked ? 'Unlike' : 'Like'}
        >
          <Heart className={post.liked ? 'h-4 w-4 fill-pink-500 text-pink-500' : 'h-4 w-4'} /> {post.likes}
        </Button>
        <Button variant="ghost" size="sm" asChild>
          <Link to={`/p/${post.id}`}>
            <MessageCircle className="h-4 w-4" /> Open
          </Link>
        </Button>
        <span className="flex items-center gap-1 px-2 text-xs text-muted-foreground">
          <Eye className="h-4 w-4" />
          {post.views}
        </span>
        {!mine && user && <TipButton creator={post.creator.username} postId={post.id} className="ml-auto" />}
      </div>
      {post.price && (
        <CheckoutDialog
          open={buying}
          onOpenChange={setBuying}
          title="Unlock this post"
          amount={post.price}
          note={`Pay-per-view post by @${post.creator.username}`}
          onPay={async (pm, key) => {
            await moneyApi.purchasePost(post.id, pm, key);
            toast.success('Unlocked. Enjoy!');
            await reload();
          }}
        />
      )}
    </Card>
  );
}
