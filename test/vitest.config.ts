import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // Paths below are relative to the repository root, wherever this file lives.
    root: fileURLToPath(new URL('..', import.meta.url)),
    projects: [
      {
        // Node by default; browser-shell tests opt into happy-dom with `// @vitest-environment happy-dom`.
        // @tailorjs/react's tests run here with React 19, and again below with React 18.
        test: { name: 'unit', include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.{ts,tsx}'] },
      },
      {
        resolve: {
          alias: ['react', 'react-dom', '@testing-library/react'].map((name) => ({
            find: new RegExp(`^${name}(?=/|$)`),
            replacement: fileURLToPath(new URL(`react-18/node_modules/${name}`, import.meta.url)),
          })),
        },
        test: { name: 'react-18', include: ['packages/react/test/**/*.test.tsx'] },
      },
      {
        // Real Chromium against the built examples: one browser at a time on a 2-core machine.
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
})
