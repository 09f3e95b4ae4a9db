import { defineConfig } from 'vite';

// The console is built into static files that `statefold serve` serves: no CDN, works offline.
export default defineConfig({
  root: 'src',
  base: '/',
  build: { outDir: '../dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
});
