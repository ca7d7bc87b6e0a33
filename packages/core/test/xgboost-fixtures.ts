import { readFileSync } from 'node:fs'
import { featureSpecHash } from '../src/features/hash'
import type { Feature } from '../src/features/schema'
import type { Manifest } from '../src/model/schema'

export const XGBOOST_FIXTURES = ['binary-logistic', 'reg-logistic', 'multi-softprob'] as const

export interface XgboostCases {
  objective: string
  rows: Array<Array<number | null>>
  predictions: number[] | number[][]
  contributions: number[][] | number[][][]
}

const read = (file: string) => JSON.parse(readFileSync(new URL(`./fixtures/xgboost/${file}`, import.meta.url), 'utf8'))

/**
 * A manifest around one of the boosters made by scripts/fixtures/make-xgboost-fixtures.py (64
 * pixel features, declared here as traits: any feature kind serves a fixed input vector).
 */
export function xgboostFixture(name: (typeof XGBOOST_FIXTURES)[number]): { manifest: Manifest; cases: XgboostCases } {
  const booster = read(`${name}.model.json`)
  const cases = read(`${name}.cases.json`) as XgboostCases
  const features: Feature[] = Array.from({ length: 64 }, (_, i) => ({ name: `pixel_${i}`, kind: 'trait', key: `pixel_${i}` }))
  const classes = Number(booster.learner.learner_model_param.num_class) || 1
  const manifest = {
    format: 'tailor-model@1',
    id: `digits-${name}`,
    version: '1',
    createdAt: '2026-11-26T00:00:00Z',
    features,
    featuresHash: featureSpecHash(features),
    targets: Array.from({ length: classes }, (_, i) => ({ id: classes === 1 ? 'yes' : `class_${i}` })),
    model: { type: 'xgboost', booster },
  } as Manifest
  return { manifest, cases }
}

/** A fixture row as the scorer takes it: missing values are NaN. */
export const row = (values: Array<number | null>) => Float32Array.from(values, (v) => (v === null ? Number.NaN : v))
