import typescript from '@rollup/plugin-typescript'

export default {
  input: 'src/index.tsx',
  // React and Tailor stay imports: the app has its own copy of each.
  external: [/^react(\/|$)/, /^react-dom(\/|$)/, /^@tailorjs\//],
  plugins: [typescript({ tsconfig: 'tsconfig.build.json', declaration: true, declarationDir: 'dist', outDir: 'dist' })],
  // Hooks and effects: a client component for frameworks that render on the server (Next.js).
  output: { dir: 'dist', format: 'es', banner: "'use client'" },
}
