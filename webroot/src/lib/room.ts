import { useEffect, useRef, useState } from 'react';
import { keepTokenFresh, toApiError } from '@/lib/api';
import { Bridge, type BridgeStatus } from '@/lib/bridge';
import type { RtcCredentials } from '@/lib/video';
import type { Stream } from '@/lib/types';
import { useAuth } from '@/store/auth';
import { toast } from '@/store/toast';
import { liveApi } from '@/features/live/api';

export interface RoomMessage {
  seq: number;
  type: 'MESSAGE' | 'TIP' | 'SYSTEM' | 'VIEWERS';
  userId?: string;
  username?: string;
  text?: string;
  amount?: { amount: number; currency: string };
  message?: string;
  event?: string;
  targetSeq?: number;
  seconds?: number;
  count?: number;
  deleted?: boolean;
  at?: string;
}

/** The room's commands by name; their bridge addresses come from the server (Join.commands). */
export type RoomCommand = 'chat' | 'tip' | 'delete' | 'mute' | 'ban' | 'unban' | 'slow';

export interface Join {
  rtc: RtcCredentials;
  room: string;
  commands: Record<RoomCommand, string>;
  role: 'PUBLISHER' | 'VIEWER';
  lastSeq: number;
  stream: Stream;
}

/** How much history a newcomer sees: the last messages of the room's backlog. */
const HISTORY = 50;

/** Joins a stream's room: credentials, the bridge, the ordered message list and the viewer count. */
export function useRoom(streamId: string, enabled = true) {
  const [join, setJoin] = useState<Join | null>(null);
  const [error, setError] = useState<{ status: number; message: string } | null>(null);
  const [messages, setMessages] = useState<RoomMessage[]>([]);
  const [viewers, setViewers] = useState<number | null>(null);
  const [status, setStatus] = useState<BridgeStatus>('connecting');
  const [removed, setRemoved] = useState<string | null>(null);
  const [ended, setEnded] = useState(false);
  const bridge = useRef<Bridge | null>(null);
  // Another room (or joining again) starts clean: adjusted while rendering, not in the effect.
  const room = enabled ? streamId : null;
  const [shown, setShown] = useState(room);
  if (room !== shown) {
    setShown(room);
    setError(null);
    setMessages([]);
    setRemoved(null);
  }

  useEffect(() => {
    if (!enabled) return;
    let cancelled = false;
    let unsubscribe = () => {};
    const stopRefreshing = keepTokenFresh();
    liveApi.join(streamId).then(
      (join) => {
        if (cancelled) return;
        setJoin(join);
        setViewers(join.stream.viewerCount ?? null);
        const b = new Bridge(() => useAuth.getState().tokens?.accessToken ?? null, setStatus);
        bridge.current = b;
        unsubscribe = b.subscribe({
          address: join.room,
          lastSeq: Math.max(0, join.lastSeq - HISTORY),
          onRemoved: (reason) => setRemoved(reason),
          onMessage: (body) => {
            const m = body as unknown as RoomMessage;
            if (m.type === 'VIEWERS') {
              setViewers(m.count ?? 0);
              return;
            }
            if (m.type === 'SYSTEM' && m.event === 'STREAM_ENDED') setEnded(true);
            setMessages((list) => {
              if (m.type === 'SYSTEM' && m.event === 'MESSAGE_DELETED') {
                return list.map((x) => (x.seq === m.targetSeq ? { ...x, deleted: true } : x));
              }
              return [...list, m].slice(-500);
            });
          },
        });
      },
      (err) => {
        const e = toApiError(err);
        if (!cancelled) setError({ status: e.status, message: e.message });
      },
    );
    return () => {
      cancelled = true;
      stopRefreshing();
      unsubscribe();
      bridge.current?.close();
      bridge.current = null;
    };
  }, [streamId, enabled]);

  const command = <T = Record<string, unknown>>(name: RoomCommand, body: Record<string, unknown>) => {
    if (!bridge.current || !join) return Promise.reject(new Error('Not connected yet.'));
    return bridge.current.send<T>(join.commands[name], { streamId, ...body });
  };

  return { join, error, messages, viewers, status, removed, ended, bridge, command };
}

/** The moderator's menu actions (creator, appointed moderators, admins) with their outcome as a toast. */
export function useModeration(command: ReturnType<typeof useRoom>['command']) {
  return async (action: 'delete' | 'mute' | 'ban', m: RoomMessage) => {
    try {
      if (action === 'delete') await command('delete', { seq: m.seq });
      if (action === 'mute') await command('mute', { userId: m.userId, seconds: 600 });
      if (action === 'ban') await command('ban', { userId: m.userId });
      toast.success(
        action === 'delete'
          ? 'Message deleted.'
          : action === 'mute'
            ? `${m.username} is muted for 10 minutes.`
            : `${m.username} is banned from this room.`,
      );
    } catch (e) {
      toast.error((e as Error).message);
    }
  };
}
