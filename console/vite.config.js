import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

// Served by Flask at /console/; `npm run dev` proxies the API to a local `make run`.
export default defineConfig({
  base: '/console/',
  plugins: [vue()],
  server: { proxy: { '/api': process.env.API_ORIGIN || 'http://127.0.0.1:5000' } },
  build: { chunkSizeWarningLimit: 1500 },
  test: { environment: 'jsdom', include: ['tests/**/*.test.js'] },
});
