import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

// Folders are named by runtime (main/, preload/, renderer/) rather than electron-vite's src/ layout,
// so each entry is named here. Output: out/main/index.js, out/preload/index.cjs, out/renderer/.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: { input: { index: resolve('main/index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload can only `require` Electron's own modules, so it must be ONE CommonJS
      // file with its dependencies (zod, the contract) bundled in.
      externalizeDeps: false,
      isolatedEntries: true,
      rollupOptions: {
        input: { index: resolve('preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    base: './',
    plugins: [react()],
    build: {
      outDir: resolve('out/renderer'),
      emptyOutDir: true,
      // Vite would inline small assets as data: URLs and a modulepreload polyfill; our CSP allows
      // neither inline scripts nor styles, so keep everything as files.
      assetsInlineLimit: 0,
      // Vite leaves an Electron renderer unminified; minified, the bundle is half the size and the
      // window's first screen comes sooner (it is parsed on every start).
      minify: true,
      modulePreload: { polyfill: false },
      rollupOptions: { input: { index: resolve('renderer/index.html') } },
    },
  },
});
