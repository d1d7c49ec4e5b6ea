import { useCallback, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { BadgeCheck, LayoutGrid, Radio, Rows3 } from 'lucide-react';
import { useMediaUrl } from '@/lib/hooks';
import { invalidate, query, useApiQuery } from '@/lib/query';
import { accountsQueries } from '@/features/accounts/queries';
import { liveQueries } from '@/features/live/queries';
import { subscriptionsQueries } from '@/features/subscriptions/queries';
import { isCurrent } from '@/lib/types';
import { formatMoney } from '@/lib/utils';
import { useAuth } from '@/store/auth';
import { toast } from '@/store/toast';
import { Avatar } from '@/components/Avatar';
import { CheckoutDialog } from '@/features/money/components/Checkout';
import { PostList } from '@/features/content/components/PostList';
import { TipButton } from '@/features/money/components/TipButton';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { ErrorState, Skeleton } from '@/components/ui/states';
import { subscriptionsApi } from '@/features/subscriptions/api';
import { contentApi } from '@/features/content/api';

export default function CreatorPage() {
  const { username = '' } = useParams();
  const user = useAuth((s) => s.user);
  const navigate = useNavigate();
  const creator = useApiQuery(accountsQueries.creator(username));
  const subs = useApiQuery(user ? subscriptionsQueries.mine() : query(['subscriptions', 'signed-out'], async () => []));
  const live = useApiQuery(liveQueries.live(username));
  const [checkout, setCheckout] = useState<{ months?: number; amount: number } | null>(null);
  const [grid, setGrid] = useState(false);
  const banner = useMediaUrl(creator.data?.banner);
  const loadPosts = useCallback((cursor?: string) => contentApi.creatorPosts(username, cursor, 12), [username]);

  if (creator.loading)
    return (
      <div className="grid gap-4">
        <Skeleton className="h-48" />
        <Skeleton className="h-24" />
      </div>
    );
  if (creator.error || !creator.data) return <ErrorState message={creator.error ?? 'Not found.'} onRetry={creator.reload} />;
  const c = creator.data;
  const mySub = subs.data?.find((s) => s.creator.username === c.username && isCurrent(s));
  const isMe = user?.id === c.id;
  const price = c.subscriptionPrice;
  const stream = live.data?.[0];

  const resume = async (id: string) => {
    try {
      await subscriptionsApi.update(id, { cancelAtPeriodEnd: false });
      toast.success('Renewal is back on.');
      subs.reload();
    } catch (e) {
      toast.error((e as Error).message);
    }
  };

  const startCheckout = (months?: number, amount = price?.amount ?? 0) => {
    if (!user) {
      navigate(`/login?next=/c/${c.username}`);
      return;
    }
    setCheckout({ months, amount });
  };

  return (
    <div className="grid gap-6">
      <section className="overflow-hidden rounded-2xl border border-border bg-card">
        <div className="h-36 bg-gradient-to-r from-pink-700 via-fuchsia-700 to-violet-700 md:h-56">
          {banner.url && <img src={banner.url} alt="" className="h-full w-full object-cover" />}
        </div>
        <div className="flex flex-col gap-4 p-5 md:flex-row md:items-end">
          <Avatar name={c.displayName || c.username} media={c.avatar} size={96} className="-mt-16 ring-4" />
          <div className="min-w-0 flex-1">
            <h1 className="flex items-center gap-2 text-2xl font-bold">
              {c.displayName || c.username}
              {c.verified && <BadgeCheck className="h-6 w-6 text-sky-400" aria-label="Verified creator" />}
            </h1>
            <p className="text-muted-foreground">
              @{c.username} · {c.postCount ?? 0} posts · {c.subscriberCount ?? 0} subscribers
            </p>
          </div>
          {!isMe && user && <TipButton creator={c.username} />}
        </div>
        {c.bio && <p className="whitespace-pre-wrap px-5 pb-5 text-sm text-zinc-300">{c.bio}</p>}
      </section>

      {stream && (
        <Link
          to={`/live/${stream.id}`}
          className="flex items-center gap-3 rounded-lg border border-red-600/50 bg-red-950/40 p-4 hover:bg-red-950/60"
        >
          <Radio className="h-5 w-5 text-red-500" aria-hidden /> <Badge tone="live">LIVE</Badge>{' '}
          <span className="font-medium">{stream.title}</span>
          <span className="ml-auto text-sm">Watch now →</span>
        </Link>
      )}

      {!isMe && c.role === 'CREATOR' && (
        <section className="grid gap-3 rounded-lg border border-border bg-card p-5" aria-label="Subscription">
          {mySub ? (
            <p className="text-sm" data-testid="subscription-state">
              <Badge tone="success">
                {mySub.status === 'TRIALING'
                  ? 'Free trial'
                  : mySub.status === 'CANCELLED'
                    ? 'Cancelled'
                    : mySub.status === 'PAST_DUE'
                      ? 'Payment due'
                      : 'Subscribed'}
              </Badge>{' '}
              {mySub.status === 'CANCELLED' ? 'Access until' : 'Renews'} {new Date(mySub.currentPeriodEnd).toLocaleDateString()}
              {mySub.status === 'CANCELLED' && (
                <Button size="sm" variant="outline" className="ml-3" onClick={() => resume(mySub.id)}>
                  Turn renewal back on
                </Button>
              )}
            </p>
          ) : price ? (
            <>
              <h2 className="font-semibold">Subscribe to unlock all posts</h2>
              <div className="flex flex-wrap gap-2">
                <Button size="lg" onClick={() => startCheckout()}>
                  {c.trialDays ? `Start ${c.trialDays}-day free trial` : `Subscribe for ${formatMoney(price)}/month`}
                </Button>
                {/* Bundle prices come from the server, computed by the rule it charges with. */}
                {c.bundles
                  ?.filter((b) => b.price)
                  .map((b) => (
                    <Button key={b.months} variant="outline" size="lg" onClick={() => startCheckout(b.months, b.price!.amount)}>
                      {b.months} months {formatMoney(b.price!)}
                      {b.discountPercent > 0 && <Badge>-{b.discountPercent}%</Badge>}
                    </Button>
                  ))}
              </div>
              {c.trialDays ? <p className="text-xs text-muted-foreground">Then {formatMoney(price)}/month. Cancel any time.</p> : null}
            </>
          ) : (
            <p className="text-sm text-muted-foreground">This creator has not set a price yet.</p>
          )}
        </section>
      )}

      <section aria-label="Posts" className="mx-auto grid w-full max-w-2xl gap-4">
        <div className="flex items-center justify-between">
          <h2 className="text-xl font-semibold">Posts</h2>
          <div className="flex gap-1" role="group" aria-label="Layout">
            <Button
              size="icon"
              variant={grid ? 'ghost' : 'secondary'}
              aria-pressed={!grid}
              aria-label="Show as list"
              onClick={() => setGrid(false)}
            >
              <Rows3 className="h-4 w-4" />
            </Button>
            <Button
              size="icon"
              variant={grid ? 'secondary' : 'ghost'}
              aria-pressed={grid}
              aria-label="Show as grid"
              onClick={() => setGrid(true)}
            >
              <LayoutGrid className="h-4 w-4" />
            </Button>
          </div>
        </div>
        <PostList
          key={`${username}-${grid}`}
          queryKey={['content', 'creator-posts', username]}
          load={loadPosts}
          empty="No posts yet."
          grid={grid}
        />
      </section>

      {checkout && price && (
        <CheckoutDialog
          open={!!checkout}
          onOpenChange={(o) => !o && setCheckout(null)}
          title={`Subscribe to @${c.username}`}
          amount={{ amount: c.trialDays && !checkout.months ? 0 : checkout.amount, currency: price.currency }}
          note={
            checkout.months
              ? `${checkout.months} months, paid now`
              : c.trialDays
                ? `Free for ${c.trialDays} days, then ${formatMoney(price)}/month; your card is checked and kept`
                : 'Monthly, renews automatically; cancel any time'
          }
          onPay={async (pm, key) => {
            await subscriptionsApi.subscribe(c.username, pm, key, checkout.months);
            toast.success(`You are subscribed to @${c.username}.`);
            // What the subscription unlocks: the creator's posts, the feed.
            invalidate(['subscriptions'], ['money'], ['content']);
            creator.reload();
          }}
        />
      )}
    </div>
  );
}
