import { useEffect, useRef, useState } from 'react';
import { Camera, Radio, Square } from 'lucide-react';
import { toApiError } from '@/lib/api';
import { useAction } from '@/lib/hooks';
import { useApiQuery } from '@/lib/query';
import { liveQueries } from '@/features/live/queries';
import { useModeration, useRoom } from '@/lib/room';
import type { Stream } from '@/lib/types';
import { formatMoney, parseAmount } from '@/lib/utils';
import { joinAgora, publishWebRtc, type VideoSession } from '@/lib/video';
import { useAuth } from '@/store/auth';
import { toast } from '@/store/toast';
import { RoomChat } from '@/features/live/components/RoomChat';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { Field, Input, Select, Textarea } from '@/components/ui/input';
import { ErrorState, Spinner } from '@/components/ui/states';
import { liveApi } from '@/features/live/api';
import { useCurrency } from '@/features/money/currency';

function useCamera() {
  const [media, setMedia] = useState<MediaStream | null>(null);
  const [error, setError] = useState<string | null>(null);
  const start = async () => {
    try {
      setMedia(await navigator.mediaDevices.getUserMedia({ video: { width: 1280, height: 720 }, audio: true }));
      setError(null);
    } catch {
      setError('Allow camera and microphone access to go live.');
    }
  };
  useEffect(() => () => media?.getTracks().forEach((t) => t.stop()), [media]);
  return { media, error, start };
}

function Broadcast({ stream, media, onEnded }: { stream: Stream; media: MediaStream | null; onEnded(): void }) {
  const user = useAuth((s) => s.user)!;
  const room = useRoom(stream.id);
  const moderate = useModeration(room.command);
  const agoraHost = useRef<HTMLDivElement>(null);
  const [peers, setPeers] = useState(0);
  const [slow, setSlow] = useState(stream.settings?.slowModeSeconds ?? 0);
  const [ending, setEnding] = useState(false);

  useEffect(() => {
    const join = room.join;
    if (!join || !room.bridge.current) return;
    let session: VideoSession | null = null;
    let stopped = false;
    if (join.rtc.provider === 'webrtc') {
      if (media) session = publishWebRtc(room.bridge.current, stream.id, join.rtc, media, setPeers);
    } else {
      joinAgora(join.rtc, true, agoraHost.current!).then(
        (s) => (stopped ? s.stop() : (session = s)),
        () => toast.error('Publishing to Agora failed.'),
      );
    }
    return () => {
      stopped = true;
      session?.stop();
    };
  }, [room.join, room.bridge, stream.id, media]);

  const end = async () => {
    setEnding(true);
    try {
      await liveApi.transition(stream.id, 'end');
      toast.success('Stream ended.');
      onEnded();
    } catch (e) {
      toast.error(toApiError(e).message);
      setEnding(false);
    }
  };

  const setSlowMode = async (seconds: number) => {
    setSlow(seconds);
    try {
      await room.command('slow', { seconds });
    } catch (e) {
      toast.error((e as Error).message);
    }
  };

  return (
    <div className="grid gap-4 lg:grid-cols-[1fr_22rem]">
      <div className="grid content-start gap-3">
        <div className="relative aspect-video overflow-hidden rounded-lg bg-black">
          {room.join?.rtc.provider === 'agora' ? <div ref={agoraHost} className="h-full w-full" /> : <LocalPreview media={media} />}
          <div className="absolute left-3 top-3 flex gap-2">
            <Badge tone="live">LIVE</Badge>
            <Badge tone="muted" className="bg-black/60">
              <span data-testid="viewer-count">{room.viewers ?? 0}</span> watching
            </Badge>
            {room.join?.rtc.provider === 'webrtc' && (
              <Badge tone="muted" className="bg-black/60">
                {peers} video peers
              </Badge>
            )}
          </div>
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="flex-1 text-xl font-bold">{stream.title}</h1>
          <label className="flex items-center gap-2 text-sm">
            Slow mode
            <Select aria-label="Slow mode" className="w-28" value={slow} onChange={(e) => setSlowMode(Number(e.target.value))}>
              {[0, 5, 15, 30, 60].map((s) => (
                <option key={s} value={s}>
                  {s ? `${s} s` : 'Off'}
                </option>
              ))}
            </Select>
          </label>
          <Button variant="destructive" onClick={end} busy={ending}>
            <Square className="h-4 w-4" /> End stream
          </Button>
        </div>
      </div>
      {room.error ? (
        <ErrorState message={room.error.message} />
      ) : (
        <RoomChat
          messages={room.messages}
          me={user.id}
          moderator
          chatEnabled={stream.settings?.chatEnabled !== false}
          onSend={(text) => room.command('chat', { text })}
          onModerate={moderate}
        />
      )}
    </div>
  );
}

function LocalPreview({ media }: { media: MediaStream | null }) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.srcObject = media;
  }, [media]);
  return media ? (
    <video ref={ref} autoPlay playsInline muted className="h-full w-full object-contain" data-testid="camera-preview" />
  ) : (
    <div className="flex h-full items-center justify-center text-sm text-muted-foreground">Camera is off</div>
  );
}

export default function Studio() {
  const user = useAuth((s) => s.user)!;
  const currency = useCurrency();
  const camera = useCamera();
  const mine = useApiQuery(liveQueries.upcoming(user.username));
  const [form, setForm] = useState({
    title: '',
    description: '',
    access: 'SUBSCRIBERS',
    ticketPrice: '',
    chatEnabled: true,
    tipsEnabled: true,
    recordingEnabled: false,
  });
  const { busy, error, setError, run } = useAction();
  const acting = useAction({ toastErrors: true });
  const current = mine.data?.find((s) => s.status === 'LIVE') ?? mine.data?.find((s) => s.status === 'SCHEDULED');

  const create = async (e: React.FormEvent) => {
    e.preventDefault();
    const ticket = parseAmount(form.ticketPrice);
    if (form.access === 'TICKET' && !ticket) {
      setError('Set a ticket price like 4.99');
      return;
    }
    await run(async () => {
      await liveApi.create({
        title: form.title,
        description: form.description || undefined,
        access: form.access,
        ...(form.access === 'TICKET' ? { ticketPrice: { amount: ticket, currency } } : {}),
        chatEnabled: form.chatEnabled,
        tipsEnabled: form.tipsEnabled,
        recordingEnabled: form.recordingEnabled,
      });
      mine.reload();
    });
  };

  const act = (stream: Stream, action: 'start' | 'cancel') =>
    acting.run(async () => {
      await liveApi.transition(stream.id, action);
      mine.reload();
    });

  if (mine.loading) return <Spinner />;
  if (mine.error) return <ErrorState message={mine.error} onRetry={mine.reload} />;
  if (current?.status === 'LIVE') return <Broadcast stream={current} media={camera.media} onEnded={mine.reload} />;

  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <Card>
        <CardHeader>
          <CardTitle>Camera</CardTitle>
        </CardHeader>
        <CardContent className="grid gap-3">
          <div className="aspect-video overflow-hidden rounded-md bg-black">
            <LocalPreview media={camera.media} />
          </div>
          {camera.error && (
            <p role="alert" className="text-sm text-destructive">
              {camera.error}
            </p>
          )}
          {!camera.media && (
            <Button variant="outline" onClick={camera.start}>
              <Camera className="h-4 w-4" /> Turn on camera and microphone
            </Button>
          )}
        </CardContent>
      </Card>
      {current ? (
        <Card>
          <CardHeader>
            <CardTitle>{current.title}</CardTitle>
          </CardHeader>
          <CardContent className="grid gap-3">
            <p className="text-sm text-muted-foreground">
              Scheduled · {current.access === 'TICKET' ? `ticket ${formatMoney(current.ticketPrice)}` : current.access.toLowerCase()}
            </p>
            <div className="flex gap-2">
              <Button size="lg" onClick={() => act(current, 'start')} busy={acting.busy} disabled={!camera.media}>
                <Radio className="h-4 w-4" /> Go live
              </Button>
              <Button variant="outline" onClick={() => act(current, 'cancel')} disabled={acting.busy}>
                Cancel stream
              </Button>
            </div>
            {!camera.media && <p className="text-xs text-muted-foreground">Turn on your camera first.</p>}
          </CardContent>
        </Card>
      ) : (
        <Card>
          <CardHeader>
            <CardTitle>Go live</CardTitle>
          </CardHeader>
          <CardContent>
            <form className="grid gap-4" onSubmit={create}>
              <Field label="Title" htmlFor="title">
                <Input
                  id="title"
                  required
                  maxLength={140}
                  value={form.title}
                  onChange={(e) => setForm({ ...form, title: e.target.value })}
                />
              </Field>
              <Field label="Description" htmlFor="description">
                <Textarea
                  id="description"
                  maxLength={2000}
                  className="min-h-16"
                  value={form.description}
                  onChange={(e) => setForm({ ...form, description: e.target.value })}
                />
              </Field>
              <Field label="Who can watch" htmlFor="access">
                <Select id="access" value={form.access} onChange={(e) => setForm({ ...form, access: e.target.value })}>
                  <option value="PUBLIC">Everyone (free)</option>
                  <option value="SUBSCRIBERS">My subscribers</option>
                  <option value="TICKET">Ticket holders</option>
                </Select>
              </Field>
              {form.access === 'TICKET' && (
                <Field label={`Ticket price${currency ? ` (${currency})` : ''}`} htmlFor="ticket">
                  <Input
                    id="ticket"
                    inputMode="decimal"
                    value={form.ticketPrice}
                    onChange={(e) => setForm({ ...form, ticketPrice: e.target.value })}
                  />
                </Field>
              )}
              <div className="flex flex-wrap gap-4 text-sm">
                {(['chatEnabled', 'tipsEnabled', 'recordingEnabled'] as const).map((k) => (
                  <label key={k} className="flex items-center gap-2">
                    <input
                      type="checkbox"
                      className="accent-pink-500"
                      checked={form[k]}
                      onChange={(e) => setForm({ ...form, [k]: e.target.checked })}
                    />
                    {k === 'chatEnabled' ? 'Chat' : k === 'tipsEnabled' ? 'Tips' : 'Recording'}
                  </label>
                ))}
              </div>
              {error && (
                <p role="alert" className="text-sm text-destructive">
                  {error}
                </p>
              )}
              <Button type="submit" busy={busy}>
                Create stream
              </Button>
            </form>
          </CardContent>
        </Card>
      )}
    </div>
  );
}
