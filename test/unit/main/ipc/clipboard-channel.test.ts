import { describe, expect, it } from 'vitest';
import { createClipboardGuard } from '../../../../domain/clipboard-guard';
import { createDispatch, type DispatchLog } from '../../../../main/ipc/dispatch';
import { createIpcHandlers } from '../../../../main/ipc/handlers';
import { createAppInfoService } from '../../../../main/services/app-info';

function host(withClipboard: boolean) {
  const board = { text: '' };
  const logged: Parameters<DispatchLog>[] = [];
  const clipboard = withClipboard
    ? createClipboardGuard({
        write: (text) => {
          board.text = text;
        },
        read: () => board.text,
      })
    : undefined;
  const dispatch = createDispatch(
    createIpcHandlers({ appInfo: createAppInfoService('electron', 'linux'), clipboard }),
    (...args) => logged.push(args),
  );
  return { board, dispatch, logged, clipboard };
}

describe('clipboard:copy', () => {
  it('Electron’s main writes the text and answers with the delay it will clear after', async () => {
    const { board, dispatch, clipboard } = host(true);
    expect(await dispatch('clipboard:copy', { text: 'pa55word', clearAfterSeconds: 30 })).toEqual({
      ok: true,
      value: { ok: true, value: { clearAfterSeconds: 30 } },
    });
    expect(board.text).toBe('pa55word');
    await clipboard?.flush();
    expect(board.text).toBe('');
  });

  it('the browser host has no clipboard of its own and says so (the page copies itself)', async () => {
    const { dispatch } = host(false);
    expect(await dispatch('clipboard:copy', { text: 'pa55word', clearAfterSeconds: 30 })).toMatchObject({
      ok: true,
      value: { ok: false, code: 'unsupported' },
    });
  });

  it.each([
    { text: '', clearAfterSeconds: 30 },
    { text: 'x'.repeat(10_001), clearAfterSeconds: 30 },
    { text: 'pa55word', clearAfterSeconds: 0 },
    { text: 'pa55word', clearAfterSeconds: 3601 },
    { text: 'pa55word', clearAfterSeconds: 1.5 },
    { text: 'pa55word' },
    'pa55word',
  ])('refuses input outside the contract, writing nothing: %j', async (input) => {
    const { board, dispatch, logged } = host(true);
    const answer = await dispatch('clipboard:copy', input);
    expect(answer).toMatchObject({ ok: false, code: 'bad-input' });
    expect(JSON.stringify(answer)).not.toContain('pa55word');
    expect(board.text).toBe('');
    expect(JSON.stringify(logged)).not.toContain('pa55word');
  });
});
