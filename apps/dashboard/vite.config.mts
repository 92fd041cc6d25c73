import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import vue from '@vitejs/plugin-vue';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * Writes `<asset>.br` and `<asset>.gz` beside every JS and CSS asset (node:zlib, no dependency): the API
 * serves them to browsers that accept them, so the dashboard ships compressed without a compression middleware.
 */
function precompress(): Plugin {
  return {
    name: 'pm-precompress',
    apply: 'build',
    closeBundle() {
      const dir = path.join(root, 'dist', 'assets');
      if (!fs.existsSync(dir)) return;
      for (const name of fs.readdirSync(dir)) {
        if (!/\.(js|css)$/.test(name)) continue;
        const file = path.join(dir, name);
        const data = fs.readFileSync(file);
        fs.writeFileSync(
          `${file}.br`,
          zlib.brotliCompressSync(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }),
        );
        fs.writeFileSync(`${file}.gz`, zlib.gzipSync(data, { level: 9 }));
      }
    },
  };
}

/**
 * The dashboard SPA. `vite build` (root: apps/dashboard) writes dist/, which the API serves at `/`.
 * Everything is bundled: no CDN, no web fonts (system CJK fonts), so no request leaves the service.
 * `vite` (dev server) proxies the API to a service on :3000.
 */
export default defineConfig({
  root,
  base: '/',
  plugins: [vue(), precompress()],
  // The server's labels (a folder with no imports), one source for the API and the dashboard.
  resolve: {
    alias: { '@app/milestones/labels': path.join(root, '../../libs/milestones/src/labels/index.ts') },
  },
  define: {
    __VUE_OPTIONS_API__: 'false',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    target: 'es2022',
    chunkSizeWarningLimit: 1200,
    reportCompressedSize: true,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000', '/health': 'http://127.0.0.1:3000' },
  },
});
