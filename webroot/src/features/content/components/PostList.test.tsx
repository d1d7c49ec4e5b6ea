import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { ApiError } from '@/lib/api';
import type { Page, Post } from '@/lib/types';
import { post } from '@/test/fixtures';
import { PostList } from '@/features/content/components/PostList';

const textPost = (id: string, text: string) => post({ id, text });

describe('PostList', () => {
  it('reads page after page by the cursor, shows a post that moved pages once, and ends at the last page', async () => {
    const pages: Record<string, Page<Post>> = {
      first: { items: [textPost('a', 'first post'), textPost('b', 'second post')], nextCursor: 'c2' },
      c2: { items: [textPost('b', 'second post'), textPost('c', 'third post')], nextCursor: null },
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
