import typescript from '@rollup/plugin-typescript'

export default {
  input: 'src/index.ts',
  // TF.js and Tailor stay imports: TF.js is loaded lazily, and only when a manifest needs it.
  external: [/^@tensorflow\//, /^@tailorjs\//],
  plugins: [typescript({ tsconfig: 'tsconfig.build.json', declaration: true, declarationDir: 'dist', outDir: 'dist' })],
  output: { dir: 'dist', format: 'es' },
}
