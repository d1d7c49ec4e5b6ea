import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { useAuth } from '@/store/auth';
import type { Post } from '@/lib/types';
import { PostCard } from '@/features/content/components/PostCard';

const base: Post = {
  id: 'p1',
  creator: { id: 'c1', username: 'maya' },
  type: 'IMAGE',
  visibility: 'PPV',
  locked: true,
  mediaCount: 2,
  likes: 3,
  views: 10,
  price: { amount: 799, currency: 'USD' },
  publishAt: new Date().toISOString(),
  createdAt: new Date().toISOString(),
};

function show(post: Post) {
  return render(
    <MemoryRouter>
      <PostCard post={post} />
    </MemoryRouter>,
  );
}

describe('PostCard', () => {
  it('shows a locked PPV post by its price only', () => {
    useAuth.setState({ user: { id: 'f1', username: 'fan', role: 'SUBSCRIBER' }, tokens: { accessToken: 'a' } });
    show({ ...base, textPreview: 'A sneak' });
    expect(screen.getByRole('button', { name: 'Unlock for $7.99' })).toBeInTheDocument();
    expect(screen.getByText('A sneak…')).toBeInTheDocument();
    expect(screen.queryByTestId('post-text')).toBeNull();
    expect(screen.getByTestId('post')).toHaveAttribute('data-locked', 'true');
  });

  it('sends signed-out visitors to log in to unlock', () => {
    useAuth.setState({ user: null, tokens: null });
    show(base);
    expect(screen.getByRole('link', { name: 'Sign in to unlock' })).toHaveAttribute('href', '/login');
  });

  it('invites non-subscribers to subscribe', () => {
    show({ ...base, visibility: 'SUBSCRIBERS', price: undefined });
    expect(screen.getByRole('link', { name: 'Subscribe to see' })).toHaveAttribute('href', '/c/maya');
  });

  it('shows an unlocked post with its text and likes', () => {
    useAuth.setState({ user: { id: 'f1', username: 'fan', role: 'SUBSCRIBER' }, tokens: { accessToken: 'a' } });
    show({ ...base, locked: false, text: 'Hello fans', media: [], liked: true });
    expect(screen.getByTestId('post-text')).toHaveTextContent('Hello fans');
    expect(screen.getByRole('button', { name: 'Unlike' })).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByRole('button', { name: 'Tip' })).toBeInTheDocument();
  });
});
