import path from 'node:path';

/**
 * The built renderer (`npm run build` writes it) that browser hosts serve in tests, benches and
 * the screenshot script; `LATCHKEY_E2E_RENDERER` points them at another build.
 */
export const rendererDir = path.resolve(process.env.LATCHKEY_E2E_RENDERER ?? 'out/renderer');
