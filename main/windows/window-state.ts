/**
 * Where the main window opens (the window state is remembered). Pure: the saved state is
 * parsed from `unknown` (the file is user-writable, so it is input like any other), and the bounds
 * are fitted to the displays attached now — a window saved on a monitor that has since been
 * unplugged must not open off-screen, out of the user's reach.
 */
import { z } from 'zod';

export const DEFAULT_WINDOW_SIZE = { width: 1100, height: 720 } as const;
/** Below this the app's layout (sidebar + account list) stops being usable. */
export const MIN_WINDOW_SIZE = { width: 640, height: 480 } as const;
const MAX_COORDINATE = 100_000;

export const WindowState = z.object({
  x: z.number().int().min(-MAX_COORDINATE).max(MAX_COORDINATE),
  y: z.number().int().min(-MAX_COORDINATE).max(MAX_COORDINATE),
  width: z.number().int().min(1).max(MAX_COORDINATE),
  height: z.number().int().min(1).max(MAX_COORDINATE),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof WindowState>;

/** A display's work area (Electron `Display.workArea`: the screen minus task bars and docks). */
export interface Area {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface Placement {
  /** Absent x/y: let the window system centre the window. */
  readonly bounds: { x?: number; y?: number; width: number; height: number };
  readonly maximized: boolean;
}

export function parseWindowState(raw: unknown): WindowState | null {
  const parsed = WindowState.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

function overlap(a: Area, b: Area): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width > 0 && height > 0 ? width * height : 0;
}

const clamp = (value: number, min: number, max: number) => Math.min(Math.max(value, min), max);

/**
 * The saved bounds on the display they overlap most, shrunk to fit it and moved fully inside
 * it; the default size, centred, when nothing was saved or no display shows any of it.
 */
export function placeWindow(saved: WindowState | null, displays: readonly Area[]): Placement {
  const fallback: Placement = { bounds: { ...DEFAULT_WINDOW_SIZE }, maximized: false };
  if (saved === null || displays.length === 0) return fallback;
  let best: Area | null = null;
  let bestOverlap = 0;
  for (const display of displays) {
    const area = overlap(saved, display);
    if (area > bestOverlap) {
      best = display;
      bestOverlap = area;
    }
  }
  if (best === null) return { ...fallback, maximized: saved.maximized };
  const width = clamp(saved.width, Math.min(MIN_WINDOW_SIZE.width, best.width), best.width);
  const height = clamp(saved.height, Math.min(MIN_WINDOW_SIZE.height, best.height), best.height);
  return {
    bounds: {
      x: clamp(saved.x, best.x, best.x + best.width - width),
      y: clamp(saved.y, best.y, best.y + best.height - height),
      width,
      height,
    },
    maximized: saved.maximized,
  };
}
