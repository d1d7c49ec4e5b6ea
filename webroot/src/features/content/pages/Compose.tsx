import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Film, X } from 'lucide-react';
import { useAction } from '@/lib/hooks';
import { parseAmount } from '@/lib/utils';
import { useAuth } from '@/store/auth';
import { toast } from '@/store/toast';
import { Dropzone, type Uploaded } from '@/features/uploads/components/Uploader';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { Field, Input, Textarea } from '@/components/ui/input';
import { cn } from '@/lib/utils';
import { contentApi } from '@/features/content/api';
import { useCurrency } from '@/features/money/currency';

const VISIBILITY = [
  { value: 'PUBLIC', label: 'Public', hint: 'Everyone' },
  { value: 'SUBSCRIBERS', label: 'Subscribers', hint: 'Your subscribers' },
  { value: 'PPV', label: 'Pay-per-view', hint: 'Fans who buy it' },
] as const;

export default function Compose() {
  const user = useAuth((s) => s.user)!;
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const [media, setMedia] = useState<Uploaded[]>([]);
  const [visibility, setVisibility] = useState<'PUBLIC' | 'SUBSCRIBERS' | 'PPV'>('SUBSCRIBERS');
  const currency = useCurrency();
  const [price, setPrice] = useState('');
  const [publishAt, setPublishAt] = useState('');
  const [previewLength, setPreviewLength] = useState(0);
  const [blurred, setBlurred] = useState(true);
  const { busy, error, setError, run } = useAction();
  const cents = parseAmount(price);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (visibility === 'PPV' && !cents) {
      setError('Set a price for a pay-per-view post.');
      return;
    }
    await run(async () => {
      await contentApi.createPost({
        text,
        mediaIds: media.map((m) => m.id),
        visibility,
        ...(visibility === 'PPV' ? { price: { amount: cents, currency } } : {}),
        ...(publishAt ? { publishAt: new Date(publishAt).toISOString() } : {}),
        ...(visibility !== 'PUBLIC' ? { previewLength, blurredPreview: blurred } : {}),
      });
      toast.success(publishAt ? 'Post scheduled.' : 'Posted!');
      navigate(`/c/${user.username}`);
    });
  };

  return (
    <Card className="mx-auto max-w-2xl">
      <CardHeader>
        <CardTitle>New post</CardTitle>
      </CardHeader>
      <CardContent>
        <form className="grid gap-5" onSubmit={submit}>
          <Field label="Text" htmlFor="text">
            <Textarea
              id="text"
              maxLength={5000}
              placeholder="Say something to your fans…"
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
          </Field>
          <Dropzone onUploaded={(m) => setMedia((x) => [...x, m])} />
          {media.length > 0 && (
            <ul className="grid grid-cols-3 gap-2 sm:grid-cols-4" aria-label="Attached media">
              {media.map((m) => (
                <li key={m.id} className="relative aspect-square overflow-hidden rounded-md bg-muted">
                  {m.preview ? (
                    <img src={m.preview} alt={m.name} className="h-full w-full object-cover" />
                  ) : (
                    <div className="flex h-full items-center justify-center">
                      <Film className="h-6 w-6" aria-label={m.name} />
                    </div>
                  )}
                  <button
                    type="button"
                    aria-label={`Remove ${m.name}`}
                    onClick={() => setMedia((x) => x.filter((y) => y.id !== m.id))}
                    className="absolute right-1 top-1 rounded-full bg-black/70 p-1"
                  >
                    <X className="h-3 w-3" />
                  </button>
                </li>
              ))}
            </ul>
          )}
          <fieldset className="grid gap-2">
            <legend className="mb-1 text-sm font-medium">Who can see it</legend>
            <div className="grid grid-cols-3 gap-2">
              {VISIBILITY.map((v) => (
                <label
                  key={v.value}
                  className={cn(
                    'cursor-pointer rounded-md border px-3 py-2 text-sm',
                    visibility === v.value ? 'border-primary bg-primary/10' : 'border-border',
                  )}
                >
                  <input
                    type="radio"
                    name="visibility"
                    value={v.value}
                    className="sr-only"
                    checked={visibility === v.value}
                    onChange={() => setVisibility(v.value)}
                  />
                  <span className="block font-medium">{v.label}</span>
                  <span className="text-xs text-muted-foreground">{v.hint}</span>
                </label>
              ))}
            </div>
          </fieldset>
          {visibility === 'PPV' && (
            <Field
              label={`Price${currency ? ` (${currency})` : ''}`}
              htmlFor="price"
              error={price && !cents ? 'Enter an amount like 9.99' : undefined}
            >
              <Input id="price" inputMode="decimal" placeholder="9.99" value={price} onChange={(e) => setPrice(e.target.value)} />
            </Field>
          )}
          {visibility !== 'PUBLIC' && (
            <div className="grid gap-3 sm:grid-cols-2">
              <Field label="Text preview (characters)" htmlFor="preview" hint="Shown to fans who have not unlocked it.">
                <Input
                  id="preview"
                  type="number"
                  min={0}
                  max={280}
                  value={previewLength}
                  onChange={(e) => setPreviewLength(Number(e.target.value))}
                />
              </Field>
              <label className="flex items-center gap-2 self-end pb-2 text-sm">
                <input type="checkbox" checked={blurred} onChange={(e) => setBlurred(e.target.checked)} className="accent-pink-500" /> Show
                a blurred preview
              </label>
            </div>
          )}
          <Field label="Publish at (optional)" htmlFor="publishAt" hint="Leave empty to publish now.">
            <Input id="publishAt" type="datetime-local" value={publishAt} onChange={(e) => setPublishAt(e.target.value)} />
          </Field>
          {error && (
            <p role="alert" className="text-sm text-destructive">
              {error}
            </p>
          )}
          <Button type="submit" size="lg" busy={busy} disabled={!text.trim() && media.length === 0}>
            {publishAt ? 'Schedule' : 'Publish'}
          </Button>
        </form>
      </CardContent>
    </Card>
  );
}
