import typescript from '@rollup/plugin-typescript'

export default {
  input: { index: 'src/index.ts', cli: 'src/cli.ts' },
  // A Node library: its dependencies and Node's own modules stay imports.
  external: [/^node:/, /^@tailorjs\//, /^zod/, /^@tensorflow\//, /^@duckdb\//],
  plugins: [typescript({ tsconfig: 'tsconfig.build.json', declaration: true, declarationDir: 'dist', outDir: 'dist' })],
  output: { dir: 'dist', format: 'es', banner: (chunk) => (chunk.name === 'cli' ? '#!/usr/bin/env node' : '') },
}
