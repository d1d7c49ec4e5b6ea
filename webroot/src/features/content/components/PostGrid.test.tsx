import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { post } from '@/test/fixtures';
import { PostGrid } from '@/features/content/components/PostGrid';

describe('PostGrid', () => {
  it('shows locked tiles by price or audience only, and open text posts by their text', () => {
    render(
      <MemoryRouter>
        <PostGrid
          posts={[
            post({ id: 'a', visibility: 'PPV', locked: true, price: { amount: 499, currency: 'USD' }, mediaCount: 2 }),
            post({ id: 'b', visibility: 'SUBSCRIBERS', locked: true }),
            post({ id: 'c', text: 'Good morning everyone' }),
          ]}
        />
      </MemoryRouter>,
    );
    const tiles = screen.getAllByTestId('post-tile');
    expect(tiles.map((t) => t.getAttribute('href'))).toEqual(['/p/a', '/p/b', '/p/c']);
    expect(tiles[0]).toHaveAccessibleName('Locked post, $4.99');
    expect(tiles[1]).toHaveTextContent('Subscribers');
    expect(tiles[2]).toHaveTextContent('Good morning everyone');
  });
});
