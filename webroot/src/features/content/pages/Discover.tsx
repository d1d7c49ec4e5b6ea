import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { BadgeCheck, Radio, Search } from 'lucide-react';
import { useApiQuery } from '@/lib/query';
import { contentQueries } from '@/features/content/queries';
import { liveQueries } from '@/features/live/queries';
import type { User } from '@/lib/types';
import { formatMoney } from '@/lib/utils';
import { Avatar } from '@/components/Avatar';
import { PostCard } from '@/features/content/components/PostCard';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { Input } from '@/components/ui/input';
import { EmptyState, ErrorState, Skeleton } from '@/components/ui/states';

export function CreatorTile({ creator }: { creator: User }) {
  return (
    <Link to={`/c/${creator.username}`} className="block">
      <Card className="flex items-center gap-3 p-4 transition-colors hover:border-primary/60">
        <Avatar name={creator.displayName || creator.username} media={creator.avatar} size={48} />
        <div className="min-w-0">
          <p className="flex items-center gap-1 truncate font-semibold">
            {creator.displayName || creator.username}
            {creator.verified && <BadgeCheck className="h-4 w-4 text-sky-400" aria-label="Verified" />}
          </p>
          <p className="truncate text-sm text-muted-foreground">@{creator.username}</p>
        </div>
        {creator.subscriptionPrice && (
          <span className="ml-auto text-sm text-muted-foreground">{formatMoney(creator.subscriptionPrice)}/mo</span>
        )}
      </Card>
    </Link>
  );
}

export default function Discover() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [text, setText] = useState(q);
  // The box follows the address (back, a link): adjusted while rendering, not in an effect.
  const [shownQ, setShownQ] = useState(q);
  if (q !== shownQ) {
    setShownQ(q);
    setText(q);
  }
  const live = useApiQuery(liveQueries.live());
  const results = useApiQuery(contentQueries.search(q));

  return (
    <div className="grid gap-8">
      <section className="rounded-2xl bg-gradient-to-br from-pink-600/30 via-fuchsia-700/10 to-violet-800/30 p-6 md:p-10">
        <h1 className="text-3xl font-bold tracking-tight md:text-4xl">Find creators you love</h1>
        <p className="mt-2 max-w-xl text-muted-foreground">Subscribe, unlock exclusive posts and join live rooms with chat and tips.</p>
        <form
          className="mt-6 flex max-w-xl gap-2"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            setParams(text.trim() ? { q: text.trim() } : {});
          }}
        >
          <div className="relative flex-1">
            <Search className="pointer-events-none absolute left-3 top-3 h-4 w-4 text-muted-foreground" aria-hidden />
            <Input
              aria-label="Search creators and posts"
              placeholder="Search creators and posts"
              className="pl-9"
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
          </div>
        </form>
      </section>

      {q && (
        <section className="grid gap-4" aria-label="Search results">
          <h2 className="text-xl font-semibold">Results for “{q}”</h2>
          {results.loading ? (
            <Skeleton className="h-24" />
          ) : results.error ? (
            <ErrorState message={results.error} onRetry={results.reload} />
          ) : !results.data || (results.data.creators.length === 0 && results.data.posts.length === 0) ? (
            <EmptyState title="Nothing found">Try another name or word{q.trim().length < 2 ? ' (at least 2 characters)' : ''}.</EmptyState>
          ) : (
            <>
              {results.data.creators.length > 0 && (
                <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
                  {results.data.creators.map((c) => (
                    <CreatorTile key={c.id} creator={c} />
                  ))}
                </div>
              )}
              {results.data.posts.length > 0 && (
                <div className="mx-auto grid w-full max-w-2xl gap-4">
                  {results.data.posts.map((p) => (
                    <PostCard key={p.id} post={p} />
                  ))}
                </div>
              )}
            </>
          )}
        </section>
      )}

      <section className="grid gap-4" aria-label="Live now">
        <h2 className="flex items-center gap-2 text-xl font-semibold">
          <Radio className="h-5 w-5 text-red-500" aria-hidden /> Live now
        </h2>
        {live.loading ? (
          <div className="grid gap-3 sm:grid-cols-3">
            <Skeleton className="h-28" />
            <Skeleton className="h-28" />
            <Skeleton className="h-28" />
          </div>
        ) : live.error ? (
          <ErrorState message={live.error} onRetry={live.reload} />
        ) : live.data!.length === 0 ? (
          <EmptyState title="Nobody is live right now">Check back soon.</EmptyState>
        ) : (
          <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
            {live.data!.map((s) => (
              <Link key={s.id} to={`/live/${s.id}`}>
                <Card className="grid gap-2 p-4 transition-colors hover:border-primary/60">
                  <div className="flex items-center gap-2">
                    <Badge tone="live">LIVE</Badge>
                    <span className="text-xs text-muted-foreground">{s.viewerCount ?? 0} watching</span>
                  </div>
                  <p className="font-semibold">{s.title}</p>
                  <p className="text-sm text-muted-foreground">
                    @{s.creator?.username} ·{' '}
                    {s.access === 'TICKET' ? `Ticket ${formatMoney(s.ticketPrice)}` : s.access === 'SUBSCRIBERS' ? 'Subscribers' : 'Free'}
                  </p>
                </Card>
              </Link>
            ))}
          </div>
        )}
      </section>
    </div>
  );
}
