import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type Area,
  DEFAULT_WINDOW_SIZE,
  parseWindowState,
  placeWindow,
  type WindowState,
} from '../../../../main/windows/window-state';
import { WINDOW_STATE_FILE, windowStateFile } from '../../../../main/windows/window-state-file';

const LAPTOP: Area = { x: 0, y: 0, width: 1440, height: 877 };
const MONITOR_RIGHT: Area = { x: 1440, y: 0, width: 2560, height: 1400 };

const saved = (overrides: Partial<WindowState> = {}): WindowState => ({
  x: 100,
  y: 80,
  width: 1200,
  height: 760,
  maximized: false,
  ...overrides,
});

describe('placeWindow', () => {
  it('opens where the user left it when that display is still there', () => {
    expect(placeWindow(saved(), [LAPTOP])).toEqual({
      bounds: { x: 100, y: 80, width: 1200, height: 760 },
      maximized: false,
    });
  });

  it('opens at the default size, centred, the first time', () => {
    expect(placeWindow(null, [LAPTOP])).toEqual({ bounds: DEFAULT_WINDOW_SIZE, maximized: false });
  });

  it('does not open off-screen after the monitor it was on is unplugged', () => {
    const onMonitor = saved({ x: 2000, y: 300, width: 1600, height: 1000, maximized: true });
    expect(placeWindow(onMonitor, [MONITOR_RIGHT]).bounds).toEqual({ x: 2000, y: 300, width: 1600, height: 1000 });
    expect(placeWindow(onMonitor, [LAPTOP])).toEqual({ bounds: DEFAULT_WINDOW_SIZE, maximized: true });
  });

  it('shrinks a window larger than its display and pulls a half-hidden one fully into view', () => {
    const spilling = saved({ x: 1000, y: 500, width: 3000, height: 2000 });
    expect(placeWindow(spilling, [LAPTOP]).bounds).toEqual({ x: 0, y: 0, width: 1440, height: 877 });
    const halfOff = saved({ x: 1200, y: -300, width: 800, height: 600 });
    expect(placeWindow(halfOff, [LAPTOP]).bounds).toEqual({ x: 640, y: 0, width: 800, height: 600 });
  });

  it('picks the display that shows most of the window', () => {
    const straddling = saved({ x: 1300, y: 100, width: 1000, height: 700 });
    expect(placeWindow(straddling, [LAPTOP, MONITOR_RIGHT]).bounds).toEqual({
      x: 1440,
      y: 100,
      width: 1000,
      height: 700,
    });
  });

  it('always lands entirely inside one attached display (property)', () => {
    const area = fc.record({
      x: fc.integer({ min: -5000, max: 5000 }),
      y: fc.integer({ min: -5000, max: 5000 }),
      width: fc.integer({ min: 320, max: 6000 }),
      height: fc.integer({ min: 240, max: 4000 }),
    });
    const state = fc.record({
      x: fc.integer({ min: -100_000, max: 100_000 }),
      y: fc.integer({ min: -100_000, max: 100_000 }),
      width: fc.integer({ min: 1, max: 100_000 }),
      height: fc.integer({ min: 1, max: 100_000 }),
      maximized: fc.boolean(),
    });
    fc.assert(
      fc.property(state, fc.array(area, { minLength: 1, maxLength: 4 }), (s, displays) => {
        const { bounds } = placeWindow(s, displays);
        if (bounds.x === undefined || bounds.y === undefined) return true;
        const { x, y } = bounds;
        return displays.some(
          (d) => x >= d.x && y >= d.y && x + bounds.width <= d.x + d.width && y + bounds.height <= d.y + d.height,
        );
      }),
    );
  });
});

describe('parseWindowState', () => {
  it('refuses anything that is not a state we wrote', () => {
    for (const raw of [null, 'x', [], {}, { ...saved(), width: -5 }, { ...saved(), x: 1.5 }, { ...saved(), x: 1e12 }]) {
      expect(parseWindowState(raw)).toBeNull();
    }
    expect(parseWindowState(saved())).toEqual(saved());
  });
});

describe('windowStateFile', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'latchkey-window-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('remembers the state across runs in userData/window-state.json', async () => {
    const userData = path.join(dir, 'Latchkey');
    expect(windowStateFile(userData).load()).toBeNull();
    windowStateFile(userData).save(saved({ maximized: true }));
    expect(windowStateFile(userData).load()).toEqual(saved({ maximized: true }));
    expect(JSON.parse(await readFile(path.join(userData, WINDOW_STATE_FILE), 'utf8'))).toEqual(
      saved({ maximized: true }),
    );
  });

  it('treats a corrupt or foreign file as no saved state', async () => {
    await writeFile(path.join(dir, WINDOW_STATE_FILE), '{"x": 1, "y":');
    expect(windowStateFile(dir).load()).toBeNull();
    await writeFile(path.join(dir, WINDOW_STATE_FILE), JSON.stringify({ ...saved(), width: 'wide' }));
    expect(windowStateFile(dir).load()).toBeNull();
  });
});
