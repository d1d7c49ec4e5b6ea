import { useMediaUrl } from '@/lib/hooks';
import { cn } from '@/lib/utils';

export function Avatar({ name, media, size = 40, className }: { name: string; media?: string | null; size?: number; className?: string }) {
  const { url } = useMediaUrl(media, 'thumbnail');
  const initials = (name || '?').replace(/^@/, '').slice(0, 2).toUpperCase();
  return (
    <span
      className={cn(
        'inline-flex shrink-0 items-center justify-center overflow-hidden rounded-full bg-gradient-to-br from-pink-500 to-violet-600 font-semibold text-white ring-2 ring-background',
        className,
      )}
      style={{ width: size, height: size, fontSize: size / 2.6 }}
      aria-hidden
    >
      {url ? <img src={url} alt="" className="h-full w-full object-cover" /> : initials}
    </span>
  );
}
