import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { RoomChat } from '@/features/live/components/RoomChat';
import type { RoomMessage } from '@/lib/room';

const messages: RoomMessage[] = [
  { seq: 1, type: 'SYSTEM', event: 'STREAM_STARTED' },
  { seq: 2, type: 'MESSAGE', userId: 'u2', username: 'bob', text: 'hi there' },
  { seq: 3, type: 'TIP', userId: 'u2', username: 'bob', amount: { amount: 500, currency: 'USD' }, message: 'great show' },
  { seq: 4, type: 'MESSAGE', userId: 'u3', username: 'eve', text: 'spam', deleted: true },
];

describe('RoomChat', () => {
  it('shows messages, tips and removed messages in order', () => {
    render(<RoomChat messages={messages} me="u1" moderator={false} onSend={vi.fn()} onModerate={vi.fn()} />);
    const items = screen.getAllByRole('listitem');
    expect(items.map((i) => i.getAttribute('data-seq'))).toEqual(['1', '2', '3', '4']);
    expect(screen.getByTestId('chat-tip')).toHaveTextContent('bob tipped $5.00: great show');
    expect(screen.getByText('message removed')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Moderate/ })).toBeNull();
  });

  it('sends chat and clears the box; a refusal is shown and the text kept', async () => {
    const onSend = vi.fn().mockRejectedValueOnce(new Error('Slow mode: wait 5 s.')).mockResolvedValueOnce({ seq: 5 });
    render(<RoomChat messages={[]} me="u1" moderator={false} onSend={onSend} onModerate={vi.fn()} />);
    const user = userEvent.setup();
    const box = screen.getByLabelText('Chat message');
    await user.type(box, 'hello{enter}');
    expect(onSend).toHaveBeenCalledWith('hello');
    expect(box).toHaveValue('hello');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    expect(box).toHaveValue('');
  });

  it('gives moderators a menu to delete, mute and ban', async () => {
    const onModerate = vi.fn();
    render(<RoomChat messages={messages} me="u1" moderator onSend={vi.fn()} onModerate={onModerate} />);
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Moderate bob' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Ban from room' }));
    expect(onModerate).toHaveBeenCalledWith('ban', messages[1]);
  });
});
