import * as React from 'react';
import { cn } from '@/lib/utils';

const tones = {
  default: 'bg-primary/15 text-primary',
  muted: 'bg-muted text-muted-foreground',
  success: 'bg-success/15 text-success',
  danger: 'bg-destructive/15 text-destructive',
  live: 'bg-red-600 text-white',
};

export function Badge({ tone = 'default', className, ...props }: React.HTMLAttributes<HTMLSpanElement> & { tone?: keyof typeof tones }) {
  return (
    <span
      className={cn('inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-semibold', tones[tone], className)}
      {...props}
    />
  );
}
