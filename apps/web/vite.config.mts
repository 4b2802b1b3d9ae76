// The web app's build: React through @vitejs/plugin-react, the SDK from its sources, output to dist/apps/web
// where the gateway serves it (apps/gateway/src/http/web-app.ts). Pages are lazy chunks (src/routes.tsx).
import react from '@vitejs/plugin-react';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');

export default defineConfig({
  root: here,
  base: '/',
  plugins: [react()],
  resolve: {
    alias: {
      '@saleswire/sdk': path.join(root, 'libs/sdk/src/index.ts'),
      // The SDK's transport takes randomUUID from node:crypto; the browser has the same in globalThis.crypto.
      'node:crypto': path.join(here, 'src/api/browser-crypto.ts'),
    },
  },
  build: {
    outDir: path.join(root, 'dist/apps/web'),
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1200,
  },
  server: {
    port: 5173,
    // `npx nx run web:serve` against `npm start`'s gateway.
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
