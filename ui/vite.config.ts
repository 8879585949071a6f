import { svelte } from '@sveltejs/vite-plugin-svelte'
import { defineConfig } from 'vite'
import { fileURLToPath } from 'node:url'

// The Tauri shell embeds ui/dist; everything must load from 'self' (no CDN, no web fonts).
export default defineConfig({
  plugins: [svelte()],
  resolve: {
    alias: {
      $lib: fileURLToPath(new URL('./src/lib', import.meta.url)),
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // No inlined assets as data: URLs for scripts; keep the bundle CSP-friendly.
    assetsInlineLimit: 0,
  },
  server: { strictPort: true },
})
