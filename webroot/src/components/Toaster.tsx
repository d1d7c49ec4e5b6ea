import { useToasts } from '@/store/toast';
import { cn } from '@/lib/utils';

export function Toaster() {
  const { toasts, dismiss } = useToasts();
  return (
    <div
      className="pointer-events-none fixed inset-x-0 bottom-20 z-[60] flex flex-col items-center gap-2 px-4 md:bottom-6"
      aria-live="polite"
    >
      {toasts.map((t) => (
        <button
          key={t.id}
          onClick={() => dismiss(t.id)}
          role={t.kind === 'error' ? 'alert' : 'status'}
          className={cn(
            'pointer-events-auto max-w-md rounded-md border px-4 py-3 text-sm shadow-lg',
            t.kind === 'error'
              ? 'border-destructive/50 bg-red-950 text-red-100'
              : t.kind === 'success'
                ? 'border-success/50 bg-green-950 text-green-100'
                : 'border-border bg-card',
          )}
        >
          {t.text}
        </button>
      ))}
    </div>
  );
}
