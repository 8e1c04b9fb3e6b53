/** Small images for logo tests, made with the same PNG library the server re-encodes with. */
import { PNG } from 'pngjs';

/** A `side` x `side` PNG filled with one colour. */
export function pngLogo(side = 16, rgba: [number, number, number, number] = [200, 30, 60, 255]): Buffer {
  const png = new PNG({ width: side, height: side });
  for (let i = 0; i < side * side; i++) png.data.set(rgba, i * 4);
  return PNG.sync.write(png);
}

export const SVG_LOGO = `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><title>Brand</title><circle cx="5" cy="5" r="4" fill="#c33"/></svg>`;

export const upload = (mediaType: string, bytes: Buffer | string) => ({
  mediaType,
  data: Buffer.from(bytes).toString('base64'),
});
