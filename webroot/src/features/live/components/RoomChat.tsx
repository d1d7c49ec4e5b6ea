import { useEffect, useRef, useState } from 'react';
import { DollarSign, MoreHorizontal, Send } from 'lucide-react';
import * as Menu from '@radix-ui/react-dropdown-menu';
import type { RoomMessage } from '@/lib/room';
import { formatMoney } from '@/lib/utils';
import { toast } from '@/store/toast';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { cn } from '@/lib/utils';

const SYSTEM: Record<string, (m: RoomMessage) => string> = {
  STREAM_STARTED: () => 'The stream started.',
  STREAM_ENDED: () => 'The stream ended.',
  USER_MUTED: () => 'A viewer was muted.',
  USER_BANNED: () => 'A viewer was removed from the room.',
  SLOW_MODE: (m) => (m.seconds ? `Slow mode: one message every ${m.seconds} s.` : 'Slow mode is off.'),
};

/** The room's chat: messages, tips and notices in seq order; moderators get a menu per message. */
export function RoomChat({
  messages,
  me,
  moderator,
  chatEnabled = true,
  onSend,
  onModerate,
}: {
  messages: RoomMessage[];
  me: string;
  moderator: boolean;
  chatEnabled?: boolean;
  onSend(text: string): Promise<unknown>;
  onModerate(action: 'delete' | 'mute' | 'ban', message: RoomMessage): void;
}) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const list = useRef<HTMLOListElement>(null);

  useEffect(() => {
    const el = list.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [messages.length]);

  const send = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return;
    setBusy(true);
    try {
      await onSend(text.trim());
      setText('');
    } catch (err) {
      toast.error((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="flex h-[28rem] flex-col rounded-lg border border-border bg-card lg:h-full">
      <ol ref={list} className="flex-1 space-y-1 overflow-y-auto p-3 text-sm" aria-label="Chat" aria-live="polite" data-testid="chat">
        {messages.length === 0 && <li className="py-8 text-center text-muted-foreground">Say hi 👋</li>}
        {messages.map((m) => (
          <li
            key={m.seq}
            data-seq={m.seq}
            data-type={m.type}
            className={cn(
              'group flex items-start gap-2 rounded px-2 py-1',
              m.type === 'TIP' && 'bg-primary/15',
              m.type === 'SYSTEM' && 'text-xs text-muted-foreground',
            )}
          >
            {m.type === 'MESSAGE' && (
              <p className="flex-1 break-words">
                <span className={cn('font-semibold', m.userId === me ? 'text-primary' : 'text-sky-300')}>{m.username}</span>{' '}
                {m.deleted ? <em className="text-muted-foreground">message removed</em> : <span data-testid="chat-text">{m.text}</span>}
              </p>
            )}
            {m.type === 'TIP' && (
              <p className="flex-1 break-words" data-testid="chat-tip">
                <DollarSign className="inline h-4 w-4 text-primary" aria-hidden /> <span className="font-semibold">{m.username}</span>{' '}
                tipped <span className="font-bold text-primary">{formatMoney(m.amount)}</span>
                {m.message ? `: ${m.message}` : ''}
              </p>
            )}
            {m.type === 'SYSTEM' && <p className="flex-1">{SYSTEM[m.event ?? '']?.(m) ?? m.event}</p>}
            {moderator && m.type === 'MESSAGE' && !m.deleted && m.userId !== me && (
              <Menu.Root>
                <Menu.Trigger
                  className="rounded p-0.5 opacity-60 hover:bg-muted group-hover:opacity-100"
                  aria-label={`Moderate ${m.username}`}
                >
                  <MoreHorizontal className="h-4 w-4" />
                </Menu.Trigger>
                <Menu.Portal>
                  <Menu.Content align="end" className="z-50 min-w-40 rounded-md border border-border bg-card p-1 text-sm shadow-lg">
                    <Menu.Item
                      className="cursor-pointer rounded px-2 py-1.5 outline-none data-[highlighted]:bg-muted"
                      onSelect={() => onModerate('delete', m)}
                    >
                      Delete message
                    </Menu.Item>
                    <Menu.Item
                      className="cursor-pointer rounded px-2 py-1.5 outline-none data-[highlighted]:bg-muted"
                      onSelect={() => onModerate('mute', m)}
                    >
                      Mute 10 minutes
                    </Menu.Item>
                    <Menu.Item
                      className="cursor-pointer rounded px-2 py-1.5 text-destructive outline-none data-[highlighted]:bg-muted"
                      onSelect={() => onModerate('ban', m)}
                    >
                      Ban from room
                    </Menu.Item>
                  </Menu.Content>
                </Menu.Portal>
              </Menu.Root>
            )}
          </li>
        ))}
      </ol>
      <form onSubmit={send} className="flex gap-2 border-t border-border p-2">
        <Input
          aria-label="Chat message"
          placeholder={chatEnabled ? 'Send a message' : 'Chat is off'}
          disabled={!chatEnabled}
          maxLength={500}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <Button type="submit" size="icon" busy={busy} disabled={!chatEnabled} aria-label="Send">
          <Send className="h-4 w-4" />
        </Button>
      </form>
    </div>
  );
}
