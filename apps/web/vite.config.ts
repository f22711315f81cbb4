import react from '@vitejs/plugin-react';
import { defineConfig, loadEnv } from 'vite';

/** Where `vite dev` forwards API, login and sync traffic: a server started with `npm run serve -w @accord/server`. */
const DEFAULT_DEV_SERVER = 'http://127.0.0.1:8080';

export default defineConfig(({ mode }) => {
  const env = loadEnv(mode, '.', '');
  const target = env.ACCORD_DEV_SERVER ?? DEFAULT_DEV_SERVER;
  return {
    plugins: [react()],
    build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
    server: {
      proxy: {
        '/api': { target },
        '/login': { target },
        '/healthz': { target },
        '/sync': { target, ws: true },
      },
    },
  };
});
