import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { htmlReport } from './report'
import type { TrainResult } from './train'

/** Where a run's files went. */
export interface Written {
  manifest: string
  report: string
  summary: string
}

/**
 * Writes `manifest.json` (what the SDK loads) with the files it names (a TF.js model's, in
 * `model/`), `report.html` and `summary.json` into `dir`.
 */
export async function writeRun(result: TrainResult, dir: string): Promise<Written> {
  await mkdir(dir, { recursive: true })
  const files = { manifest: join(dir, 'manifest.json'), report: join(dir, 'report.html'), summary: join(dir, 'summary.json') }
  for (const [path, content] of Object.entries(result.files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true })
    await writeFile(join(dir, path), content)
  }
  await writeFile(files.manifest, `${JSON.stringify(result.manifest)}\n`)
  await writeFile(files.report, htmlReport(result.summary))
  await writeFile(files.summary, `${JSON.stringify(result.summary, null, 2)}\n`)
  return files
}
