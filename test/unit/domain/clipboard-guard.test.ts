import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type ClipboardPort, createClipboardGuard } from '../../../domain/clipboard-guard';

/** The system clipboard: one string that anyone may replace. */
function fakeClipboard(readable = true) {
  const board = { text: 'before', writes: 0 };
  const port: ClipboardPort = {
    write: (text) => {
      board.text = text;
      board.writes++;
    },
    read: () => {
      if (!readable) throw new Error('Read permission denied.');
      return board.text;
    },
  };
  return { board, port };
}

describe('clipboard guard', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('puts the text on the clipboard and clears it after the chosen seconds', async () => {
    const { board, port } = fakeClipboard();
    const guard = createClipboardGuard(port);
    await guard.copy('s3cret', 30);
    expect(board.text).toBe('s3cret');
    await vi.advanceTimersByTimeAsync(29_000);
    expect(board.text).toBe('s3cret');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(board.text).toBe('');
  });

  it('leaves alone what the user copied since', async () => {
    const { board, port } = fakeClipboard();
    const guard = createClipboardGuard(port);
    await guard.copy('s3cret', 30);
    board.text = 'a note the user copied';
    await vi.advanceTimersByTimeAsync(30_000);
    expect(board.text).toBe('a note the user copied');
  });

  it('a second copy restarts the countdown and the first clear never fires', async () => {
    const { board, port } = fakeClipboard();
    const guard = createClipboardGuard(port);
    await guard.copy('first', 30);
    await vi.advanceTimersByTimeAsync(20_000);
    await guard.copy('second', 30);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(board.text).toBe('second');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(board.text).toBe('');
    expect(board.writes).toBe(3);
  });

  it('clears when the clipboard cannot be read back: a secret left behind is the worse outcome', async () => {
    const { board, port } = fakeClipboard(false);
    const guard = createClipboardGuard(port);
    await guard.copy('s3cret', 5);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(board.text).toBe('');
  });

  it('flush clears at once (on quit), and only once', async () => {
    const { board, port } = fakeClipboard();
    const guard = createClipboardGuard(port);
    await guard.copy('s3cret', 30);
    await guard.flush();
    expect(board.text).toBe('');
    board.text = 'later';
    await vi.advanceTimersByTimeAsync(30_000);
    expect(board.text).toBe('later');
  });

  it('keeps the delay within bounds: never immediately, never for more than an hour', async () => {
    const { board, port } = fakeClipboard();
    const guard = createClipboardGuard(port);
    await guard.copy('s3cret', 0);
    await vi.advanceTimersByTimeAsync(999);
    expect(board.text).toBe('s3cret');
    await vi.advanceTimersByTimeAsync(1);
    expect(board.text).toBe('');
    await guard.copy('again', 1_000_000);
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(board.text).toBe('');
  });
});
