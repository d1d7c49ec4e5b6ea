// The live domain's REST calls: the only place their paths are written (room commands go over the bridge).
import { api } from '@/lib/api';
import type { Stream } from '@/lib/types';
import type { Join } from '@/lib/room';

export const liveApi = {
  streams: (params: { status?: string; creator?: string }) =>
    api.get<{ items: Stream[] }>('/streams', { params }).then((r) => r.data.items),
  stream: (id: string) => api.get<Stream>(`/streams/${id}`).then((r) => r.data),
  create: (body: Record<string, unknown>) => api.post<Stream>('/streams', body).then((r) => r.data),
  /** start, end or cancel (the creator). */
  transition: (id: string, action: 'start' | 'end' | 'cancel') => api.post<Stream>(`/streams/${id}/${action}`, {}).then((r) => r.data),
  join: (id: string) => api.post<Join>(`/streams/${id}/join`, {}).then((r) => r.data),
};
