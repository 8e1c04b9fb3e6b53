/**
 * The window state as a small JSON file in the app's userData folder. Synchronous on purpose:
 * it is read once before the window exists and written once as it closes, and a few hundred
 * bytes do not block the main process noticeably. Written to a temporary file and renamed, so
 * a crash mid-write leaves the previous state rather than half a file.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseWindowState, type WindowState } from './window-state';

export const WINDOW_STATE_FILE = 'window-state.json';

export interface WindowStateFile {
  /** The saved state, or null when there is none or it is not a state we wrote. */
  load(): WindowState | null;
  save(state: WindowState): void;
}

export function windowStateFile(userDataDir: string): WindowStateFile {
  const file = path.join(userDataDir, WINDOW_STATE_FILE);
  return {
    load() {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        // First start (no file) or an unreadable one: open with the default size.
        return null;
      }
      try {
        return parseWindowState(JSON.parse(text));
      } catch {
        return null;
      }
    },
    save(state) {
      mkdirSync(userDataDir, { recursive: true });
      const temporary = `${file}.${process.pid}.tmp`;
      writeFileSync(temporary, `${JSON.stringify(state)}\n`, { mode: 0o600 });
      renameSync(temporary, file);
    },
  };
}
