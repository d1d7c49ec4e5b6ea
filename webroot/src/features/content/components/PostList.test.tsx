import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { ApiError } from '@/lib/api';
import type { Page, Post } from '@/lib/types';
import { PostList } from '@/features/content/components/PostList';

const post = (id: string, text: string): Post => ({
  id,
  creator: { id: 'c1', username: 'maya' },
  type: 'TEXT',
  visibility: 'PUBLIC',
  locked: false,
  mediaCount: 0,
  likes: 0,
  views: 0,
  text,
  publishAt: '2026-01-01T00:00:00Z',
  createdAt: '2026-01-01T00:00:00Z',
});

describe('PostList', () => {
  it('reads page after page by the cursor, shows a post that moved pages once, and ends at the last page', async () => {
    const pages: Record<string, Page<Post>> = {
      first: { items: [post('a', 'first post'), post('b', 'second post')], nextCursor: 'c2' },
      c2: { items: [post('b', 'second post'), post('c', 'third post')], nextCursor: null },
    };
    const load = vi.fn((cursor?: string) => Promise.resolve(pages[cursor ?? 'first']));
    render(
      <MemoryRouter>
        <PostList queryKey={['test', 'posts']} load={load} empty="Nothing" />
      </MemoryRouter>,
    );
    expect(await screen.findByText('first post')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await screen.findByText('third post')).toBeInTheDocument();
    expect(screen.getAllByText('second post')).toHaveLength(1);
    expect(load.mock.calls.map((c) => c[0])).toEqual([undefined, 'c2']);
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument());
  });

  it('says why the first page was refused and reads it again on retry', async () => {
    const load = vi
      .fn<(cursor?: string) => Promise<Page<Post>>>()
      .mockRejectedValueOnce(new ApiError('No such creator.', 404))
      .mockResolvedValue({ items: [], nextCursor: null });
    render(
      <MemoryRouter>
        <PostList queryKey={['test', 'failing']} load={load} empty="No posts yet." />
      </MemoryRouter>,
    );
    expect(await screen.findByText('No such creator.')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: /retry|try again/i }));
    expect(await screen.findByText('No posts yet.')).toBeInTheDocument();
  });
});
