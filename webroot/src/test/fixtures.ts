import type { Post } from '@/lib/types';

/** A public text post by @maya, with what a test needs changed. */
export const post = (over: Partial<Post> = {}): Post => ({
  id: 'p',
  creator: { id: 'c1', username: 'maya' },
  type: 'TEXT',
  visibility: 'PUBLIC',
  locked: false,
  mediaCount: 0,
  likes: 0,
  views: 0,
  publishAt: '2026-01-01T00:00:00Z',
  createdAt: '2026-01-01T00:00:00Z',
  ...over,
});
