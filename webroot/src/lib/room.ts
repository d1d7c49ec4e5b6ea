import { useEffect, useRef, useState } from 'react';
import { api, keepTokenFresh, toApiError } from './api';
import { Bridge, type BridgeStatus } from './bridge';
import type { RtcCredentials } from './video';
import type { Stream } from './types';
import { useAuth } from '@/store/auth';
import { toast } from '@/store/toast';

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

export interface Join {
  rtc: RtcCredentials;
  room: string;
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

  useEffect(() => {
    if (!enabled) return;
    let cancelled = false;
    let unsubscribe = () => {};
    const stopRefreshing = keepTokenFresh();
    setError(null);
    setMessages([]);
    setRemoved(null);
    api.post<Join>(`/streams/${streamId}/join`, {}).then(
      (r) => {
        if (cancelled) return;
        setJoin(r.data);
        setViewers(r.data.stream.viewerCount ?? null);
        const b = new Bridge(() => useAuth.getState().tokens?.accessToken ?? null, setStatus);
        bridge.current = b;
        unsubscribe = b.subscribe({
          address: r.data.room,
          lastSeq: Math.max(0, r.data.lastSeq - HISTORY),
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

  const command = <T = Record<string, unknown>>(address: string, body: Record<string, unknown>) => {
    if (!bridge.current) return Promise.reject(new Error('Not connected yet.'));
    return bridge.current.send<T>(address, { streamId, ...body });
  };

  return { join, error, messages, viewers, status, removed, ended, bridge, command };
}

/** The moderator's menu actions (creator, appointed moderators, admins) with their outcome as a toast. */
export function useModeration(command: ReturnType<typeof useRoom>['command']) {
  return async (action: 'delete' | 'mute' | 'ban', m: RoomMessage) => {
    try {
      if (action === 'delete') await command('live.mod.delete', { seq: m.seq });
      if (action === 'mute') await command('live.mod.mute', { userId: m.userId, seconds: 600 });
      if (action === 'ban') await command('live.mod.ban', { userId: m.userId });
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
