import path from 'node:path';

/** The built renderer (`npm run build` writes it) that browser hosts serve in tests, benches and the demo. */
export const rendererDir = path.resolve('out/renderer');
