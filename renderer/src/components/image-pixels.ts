/**
 * The RGBA pixels of an image file (a pasted screenshot, a dropped PNG), for reading a QR code.
 * Decoded off-screen by the browser (createImageBitmap → OffscreenCanvas), so no image is put on
 * the page and the CSP's img-src is not involved. A very large picture is scaled down to
 * MAX_SIDE on its longer side: reading a QR code in 4000×3000 pixels would hold the window up.
 */
const MAX_SIDE = 2000;

export interface Pixels {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

export async function imagePixels(file: Blob): Promise<Pixels> {
  const bitmap = await createImageBitmap(file);
  try {
    const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
    const width = Math.max(1, Math.round(bitmap.width * scale));
    const height = Math.max(1, Math.round(bitmap.height * scale));
    const context = new OffscreenCanvas(width, height).getContext('2d');
    if (context === null) throw new Error('this window cannot draw images');
    context.drawImage(bitmap, 0, 0, width, height);
    return { data: context.getImageData(0, 0, width, height).data, width, height };
  } finally {
    bitmap.close();
  }
}

/** The first image among pasted or dropped files, if any. */
export function firstImage(files: FileList | null | undefined): File | undefined {
  return [...(files ?? [])].find((file) => file.type.startsWith('image/'));
}
