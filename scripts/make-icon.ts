/**
 * Draws the app icon, build/icon.png (1024×1024), from the favicon's key (renderer/public/favicon.svg):
 * the white key on the accent colour, in a rounded square. electron-builder turns this one PNG into
 * the macOS .icns, the Windows .ico and the Linux icon set when it packages, so no platform format is
 * kept in the repository. Run again after changing the shape: `npx tsx scripts/make-icon.ts`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';

export const ICON_SIZE = 1024;
const ACCENT = [0x2f, 0x5b, 0xea] as const; // --accent in renderer/src/styles.css
const CORNER = 0.18 * ICON_SIZE;
const SAMPLES = 4; // 4×4 samples a pixel: smooth edges without a vector renderer

// The favicon's shapes in its 32×32 viewBox, scaled about the key's centre (16.5, 16).
const SCALE = 26;

function inRoundedSquare(x: number, y: number): boolean {
  const cx = Math.min(Math.max(x, CORNER), ICON_SIZE - CORNER);
  const cy = Math.min(Math.max(y, CORNER), ICON_SIZE - CORNER);
  return (x - cx) ** 2 + (y - cy) ** 2 <= CORNER ** 2;
}

function inKey(x: number, y: number): boolean {
  const [u, v] = [(x - ICON_SIZE / 2) / SCALE + 16.5, (y - ICON_SIZE / 2) / SCALE + 16];
  const ring = Math.hypot(u - 11, v - 16);
  if (ring >= 5.5 && ring <= 8.5) return true; // the bow: circle r=7, stroke 3
  if (u >= 18 && u <= 30.5 && v >= 14.5 && v <= 17.5) return true; // the shaft, to the outer tooth's edge
  if (u >= 23.5 && u <= 26.5 && v >= 16 && v <= 21) return true; // first tooth
  return u >= 27.5 && u <= 30.5 && v >= 16 && v <= 20; // second tooth
}

export function drawIcon(): PNG {
  const png = new PNG({ width: ICON_SIZE, height: ICON_SIZE });
  for (let y = 0; y < ICON_SIZE; y++) {
    for (let x = 0; x < ICON_SIZE; x++) {
      let inside = 0;
      let white = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const px = x + (sx + 0.5) / SAMPLES;
          const py = y + (sy + 0.5) / SAMPLES;
          if (!inRoundedSquare(px, py)) continue;
          inside++;
          if (inKey(px, py)) white++;
        }
      }
      const i = (y * ICON_SIZE + x) * 4;
      const w = inside === 0 ? 0 : white / inside;
      png.data[i] = Math.round(ACCENT[0] + (255 - ACCENT[0]) * w);
      png.data[i + 1] = Math.round(ACCENT[1] + (255 - ACCENT[1]) * w);
      png.data[i + 2] = Math.round(ACCENT[2] + (255 - ACCENT[2]) * w);
      png.data[i + 3] = Math.round((255 * inside) / SAMPLES ** 2);
    }
  }
  return png;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const out = path.resolve(fileURLToPath(new URL('../build/icon.png', import.meta.url)));
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, PNG.sync.write(drawIcon()));
  console.log(`wrote ${out}`);
}
