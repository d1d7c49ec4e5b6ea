import { useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { DollarSign, Eye, Lock, Volume2, WifiOff } from 'lucide-react';
import { useApiQuery } from '@/lib/query';
import { liveQueries } from '@/features/live/queries';
import { useModeration, useRoom } from '@/lib/room';
import type { Stream } from '@/lib/types';
import { formatMoney, parseAmount } from '@/lib/utils';
import { joinAgora, watchWebRtc, type VideoSession } from '@/lib/video';
import { useAuth } from '@/store/auth';
import { toast } from '@/store/toast';
import { CheckoutDialog } from '@/features/money/components/Checkout';
import { RoomChat } from '@/features/live/components/RoomChat';
import { TIP_PRESETS } from '@/features/money/components/TipButton';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { ErrorState, Spinner } from '@/components/ui/states';
import { moneyApi } from '@/features/money/api';
import { useCurrency } from '@/features/money/currency';

/** What a viewer is told when the server ends their place in the room. */
export function removalMessage(reason: string): string {
  switch (reason) {
    case 'access_ended':
      return 'Your access to this room ended: the ticket or subscription that opened it is no longer active.';
    case 'session_ended':
      return 'You were signed out. Sign in again to keep watching.';
    case 'banned':
      return 'You were removed from this room.';
    default:
      return 'You can no longer watch this room.';
  }
}

function Room({ stream, onRefused }: { stream: Stream; onRefused(status: number): void }) {
  const user = useAuth((s) => s.user)!;
  const room = useRoom(stream.id);
  const video = useRef<HTMLVideoElement>(null);
  const agoraHost = useRef<HTMLDivElement>(null);
  const currency = useCurrency();
  const [tip, setTip] = useState<number | null>(null);
  const [custom, setCustom] = useState('');
  const [tipMessage, setTipMessage] = useState('');
  // Browsers only autoplay muted video: the viewer turns the sound on.
  const [muted, setMuted] = useState(true);
  const moderate = useModeration(room.command);

  useEffect(() => {
    if (room.error?.status === 403 || room.error?.status === 402) onRefused(room.error.status);
  }, [room.error, onRefused]);

  useEffect(() => {
    const join = room.join;
    if (!join || !room.bridge.current || join.role === 'PUBLISHER' || stream.status !== 'LIVE') return;
    let session: VideoSession | null = null;
    let stopped = false;
    if (join.rtc.provider === 'webrtc') {
      session = watchWebRtc(room.bridge.current, stream.id, join.rtc, video.current!);
    } else {
      joinAgora(join.rtc, false, agoraHost.current!).then(
        (s) => (stopped ? s.stop() : (session = s)),
        () => toast.error('The video could not start.'),
      );
    }
    return () => {
      stopped = true;
      session?.stop();
    };
  }, [room.join, room.bridge, stream.id, stream.status]);

  if (room.error && room.error.status !== 403) return <ErrorState message={room.error.message} />;
  if (!room.join) return <Spinner label="Joining the room" />;
  const moderator = room.join.role === 'PUBLISHER' || user.role === 'ADMIN' || !!stream.moderators?.includes(user.id);
  const tipsOn = stream.settings?.tipsEnabled !== false;
  const customCents = parseAmount(custom);

  return (
    <div className="grid gap-4 lg:grid-cols-[1fr_22rem]">
      <div className="grid content-start gap-3">
        <div className="relative aspect-video overflow-hidden rounded-lg bg-black">
          {room.join.rtc.provider === 'webrtc' ? (
            // A live camera has no caption track; the room's chat is the text channel.
            // eslint-disable-next-line jsx-a11y/media-has-caption
            <video ref={video} autoPlay playsInline muted={muted} className="h-full w-full object-contain" data-testid="live-video" />
          ) : (
            <div ref={agoraHost} className="h-full w-full" data-testid="live-video" />
          )}
          <div className="absolute left-3 top-3 flex gap-2">
            {stream.status === 'LIVE' && !room.ended ? (
              <Badge tone="live">LIVE</Badge>
            ) : (
              <Badge tone="muted">{room.ended ? 'ENDED' : stream.status}</Badge>
            )}
            <Badge tone="muted" className="bg-black/60">
              <Eye className="h-3 w-3" />
              <span data-testid="viewer-count">{room.viewers ?? 0}</span>
            </Badge>
          </div>
          {muted && room.join.rtc.provider === 'webrtc' && (
            <Button size="sm" variant="secondary" className="absolute bottom-3 right-3" onClick={() => setMuted(false)}>
              <Volume2 className="h-4 w-4" /> Unmute
            </Button>
          )}
          {room.status === 'reconnecting' && (
            <div className="absolute inset-x-0 bottom-0 flex items-center justify-center gap-2 bg-black/70 py-2 text-sm">
              <WifiOff className="h-4 w-4" /> Reconnecting…
            </div>
          )}
          {room.removed && (
            <div className="absolute inset-0 flex items-center justify-center bg-black/80 p-6 text-center" data-testid="room-removed">
              {removalMessage(room.removed)}
            </div>
          )}
        </div>
        <div>
          <h1 className="text-xl font-bold">{stream.title}</h1>
          <p className="text-sm text-muted-foreground">
            with{' '}
            <Link to={`/c/${stream.creator?.username}`} className="hover:underline">
              @{stream.creator?.username}
            </Link>
          </p>
          {stream.description && <p className="mt-2 text-sm text-zinc-300">{stream.description}</p>}
        </div>
        {tipsOn && room.join.role === 'VIEWER' && (
          <div className="flex flex-wrap items-center gap-2" role="group" aria-label="Tip the creator">
            {TIP_PRESETS.map((p) => (
              <Button key={p} variant="secondary" onClick={() => setTip(p)}>
                <DollarSign className="h-4 w-4" />
                {p / 100}
              </Button>
            ))}
            <Input
              aria-label={`Custom tip${currency ? ` (${currency})` : ''}`}
              placeholder="Custom $"
              inputMode="decimal"
              className="w-28"
              value={custom}
              onChange={(e) => setCustom(e.target.value)}
            />
            <Input
              aria-label="Tip message"
              placeholder="Message (optional)"
              className="w-48"
              maxLength={140}
              value={tipMessage}
              onChange={(e) => setTipMessage(e.target.value)}
            />
            <Button disabled={!customCents} onClick={() => setTip(customCents)}>
              Tip
            </Button>
          </div>
        )}
      </div>
      <RoomChat
        messages={room.messages}
        me={user.id}
        moderator={moderator}
        chatEnabled={stream.settings?.chatEnabled !== false && !room.removed}
        onSend={(text) => room.command('chat', { text })}
        onModerate={moderate}
      />
      {tip && (
        <CheckoutDialog
          open={!!tip}
          onOpenChange={(o) => !o && setTip(null)}
          title={`Tip @${stream.creator?.username}`}
          amount={{ amount: tip, currency: currency ?? '' }}
          note="Your tip shows in the chat."
          onPay={async (pm, key) => {
            await room.command('tip', {
              amount: { amount: tip, currency: currency ?? '' },
              message: tipMessage || undefined,
              idempotencyKey: key,
              paymentMethod: pm,
            });
            setTipMessage('');
            setCustom('');
          }}
        />
      )}
    </div>
  );
}

export default function LiveRoom() {
  const { id = '' } = useParams();
  const stream = useApiQuery(liveQueries.stream(id));
  const [refused, setRefused] = useState<number | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [buying, setBuying] = useState(false);

  if (stream.loading) return <Spinner label="Loading the stream" />;
  if (stream.error) return <ErrorState message={stream.error} onRetry={stream.reload} />;
  const s = stream.data!;
  if (s.status === 'ENDED' || s.status === 'CANCELLED') {
    return <ErrorState message={`This stream has ${s.status === 'ENDED' ? 'ended' : 'been cancelled'}.`} />;
  }
  if (refused) {
    return (
      <div
        className="mx-auto grid max-w-md justify-items-center gap-4 rounded-lg border border-border bg-card p-8 text-center"
        data-testid="room-locked"
      >
        <Lock className="h-8 w-8" aria-hidden />
        <h1 className="text-xl font-bold">{s.title}</h1>
        {s.access === 'TICKET' && s.ticketPrice ? (
          <>
            <p className="text-sm text-muted-foreground">This is a ticketed stream.</p>
            <Button size="lg" onClick={() => setBuying(true)}>
              Buy ticket for {formatMoney(s.ticketPrice)}
            </Button>
            <CheckoutDialog
              open={buying}
              onOpenChange={setBuying}
              title="Stream ticket"
              amount={s.ticketPrice}
              note={s.title}
              onPay={async (pm, key) => {
                await moneyApi.buyTicket(s.id, pm, key);
                toast.success('Ticket bought. Enjoy the show!');
                setRefused(null);
                setAttempt((a) => a + 1);
              }}
            />
          </>
        ) : (
          <>
            <p className="text-sm text-muted-foreground">This room is for @{s.creator?.username}'s subscribers.</p>
            <Button asChild size="lg">
              <Link to={`/c/${s.creator?.username}`}>Subscribe to watch</Link>
            </Button>
          </>
        )}
      </div>
    );
  }
  return <Room key={attempt} stream={s} onRefused={setRefused} />;
}
