import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

export default defineConfig({
  plugins: [react()],
  // The storefront example's catalog, model and styles are shared with this one.
  server: { fs: { allow: ['..'] } },
})
