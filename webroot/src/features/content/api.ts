// The content and media domains' REST calls: the only place their paths are written.
import { api } from '@/lib/api';
import type { Page, Post, User } from '@/lib/types';

export const contentApi = {
  post: (id: string) => api.get<Post>(`/posts/${id}`).then((r) => r.data),
  createPost: (body: Record<string, unknown>) => api.post<Post>('/posts', body).then((r) => r.data),
  like: (id: string) => api.post(`/posts/${id}/like`).then(() => undefined),
  unlike: (id: string) => api.delete(`/posts/${id}/like`).then(() => undefined),
  feed: (cursor?: string, limit = 10) => api.get<Page<Post>>('/feed', { params: { cursor, limit } }).then((r) => r.data),
  creatorPosts: (username: string, cursor?: string, limit = 12) =>
    api.get<Page<Post>>(`/creators/${username}/posts`, { params: { cursor, limit } }).then((r) => r.data),
  search: (q: string) => api.get<{ creators: User[]; posts: Post[] }>('/search', { params: { q } }).then((r) => r.data),
  /** A short-lived URL of a media object (or its thumbnail) the viewer may see. */
  mediaUrl: (id: string, variant: 'content' | 'thumbnail') =>
    api.get<{ url: string }>(`/media/${id}/${variant}`, { headers: { Accept: 'application/json' } }).then((r) => r.data.url),
};
