import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TrainConfig } from '../src/config'

export const FIXTURES = join(import.meta.dirname, 'fixtures')

/** The sample's training configuration (real UCI Online Retail customers), with its paths made absolute. */
export function sampleConfig(): TrainConfig {
  const config = JSON.parse(readFileSync(join(FIXTURES, 'sample.tailor-train.json'), 'utf8'))
  config.input.file = join(FIXTURES, config.input.file)
  return config
}

/** Writes `text` to a new file in a fresh temporary directory and returns its path. */
export function tempFile(name: string, text: string | Buffer): string {
  const path = join(mkdtempSync(join(tmpdir(), 'tailor-train-')), name)
  writeFileSync(path, text)
  return path
}
