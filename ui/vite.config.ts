import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';

// The desktop shell loads ui/dist from disk (tauri.conf.json: frontendDist), so paths are
// relative and nothing is fetched from the network.
export default defineConfig({
  plugins: [svelte(), svelteTesting()],
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // Fonts and images stay files: the CSP allows fonts only from 'self', not data: URIs.
    assetsInlineLimit: 0,
    target: 'es2022',
  },
  server: { port: 5173, strictPort: true },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
  },
});
