import * as z from 'zod'
import { InputSchema, parseTime } from './ingest'

const DAY_MS = 86_400_000

/** A date (`2011-06-01`, UTC midnight) or an ISO 8601 date-time. */
const When = z.string().refine((text) => !/^[\d.]+$/.test(text) && parseTime(text) !== undefined, {
  error: 'expected a date such as 2011-06-01 or an ISO 8601 date-time',
})

/** Epoch ms of a validated `When`. */
export const epochOf = (text: string) => parseTime(text)!

/** Everything one training run needs; `tailor-train run --config` reads it from JSON. */
export const TrainConfigSchema = z
  .strictObject({
    input: InputSchema,
    targets: z
      .strictObject({
        /** Predict purchases of products (`item`) or of any product of a category. */
        dimension: z.enum(['item', 'category']).default('item'),
        /** How many targets: those bought by the most customers before `before`. */
        count: z.int().min(1).max(1000).default(50),
        /** Default: the latest training cutoff. */
        before: When.optional(),
      })
      .default({ dimension: 'item', count: 50 }),
    /** Features at each cutoff, labels in the `horizonDays` after it. */
    train: z.strictObject({ cutoffs: z.array(When).min(1).max(24) }),
    test: z.strictObject({ cutoff: When }),
    horizonDays: z.number().positive().max(3650).default(90),
    /**
     * Where the history is prepared: `replay` (each customer's events through the engine, in this
     * process) or `duckdb` (the same computation compiled to SQL and run by DuckDB, for data too
     * big for one Node process; needs @duckdb/node-api). Both give the same rows.
     */
    engine: z.enum(['replay', 'duckdb']).default('replay'),
    /** DuckDB's settings for `engine: "duckdb"`: past `memoryLimit` (e.g. "2GB") it spills to disk. */
    duckdb: z.strictObject({ memoryLimit: z.string().regex(/^\d+(\.\d+)?\s*[KMGT]i?B$/i).optional(), threads: z.int().min(1).max(256).optional() }).optional(),
    model: z
      .strictObject({
        /** `logistic`, or `mlp`: a small network, exported as a TF.js model (needs @tensorflow/tfjs; scored by @tailorjs/tfjs). */
        type: z.enum(['logistic', 'mlp']).default('logistic'),
        /** Hidden units of the `mlp`. */
        hidden: z.int().min(1).max(64).default(8),
        epochs: z.int().min(1).max(1000).default(8),
        /** L2 penalty of the logistic model. */
        l2: z.number().min(0).default(1e-4),
        /** Adam's step size; default 0.01 for the logistic model, 0.003 for the network. */
        learningRate: z.number().positive().optional(),
        seed: z.int().default(1),
      })
      .default({ type: 'logistic', hidden: 8, epochs: 8, l2: 1e-4, seed: 1 }),
    output: z
      .strictObject({
        dir: z.string().min(1).default('tailor-model'),
        /** The manifest's `id`. */
        id: z.string().min(1).max(200).default('propensity'),
        /** The manifest's `version`; default: the run's date and time. */
        version: z.string().min(1).max(200).optional(),
      })
      .default({ dir: 'tailor-model', id: 'propensity' }),
  })
  .superRefine((config, context) => {
    // No leakage: a training cutoff's labels must all lie before the test cutoff's features end.
    const test = epochOf(config.test.cutoff)
    config.train.cutoffs.forEach((cutoff, i) => {
      const labelsEnd = epochOf(cutoff) + config.horizonDays * DAY_MS
      if (labelsEnd > test) {
        const latest = new Date(test - config.horizonDays * DAY_MS).toISOString().slice(0, 10)
        context.addIssue({
          code: 'custom',
          path: ['train', 'cutoffs', i],
          message: `the labels of training cutoff ${cutoff} (the ${config.horizonDays} days after it) reach past the test cutoff ${config.test.cutoff}, so training would see test-period purchases; use a cutoff on or before ${latest}`,
        })
      }
    })
  })
export type TrainConfig = z.input<typeof TrainConfigSchema>
export type ResolvedConfig = z.output<typeof TrainConfigSchema>

/** Thrown for a configuration that cannot work; its message lists each problem and where it is. */
export class ConfigError extends Error {
  override name = 'ConfigError'
}

/** The validated configuration, or a ConfigError naming every problem by its path. */
export function parseConfig(config: unknown): ResolvedConfig {
  const result = TrainConfigSchema.safeParse(config)
  if (result.success) return result.data
  const problems = result.error.issues.map((issue) => `- ${issue.path.join('.') || '(config)'}: ${issue.message}`)
  throw new ConfigError(`invalid training configuration:\n${problems.join('\n')}`)
}

/** The configuration's dates in epoch ms: the training cutoffs (ascending), the test cutoff, all of them in that order, and the targets' selection date. */
export function timeline(config: ResolvedConfig): { train: number[]; test: number; cutoffs: number[]; before: number } {
  const train = config.train.cutoffs.map(epochOf).sort((a, b) => a - b)
  const test = epochOf(config.test.cutoff)
  return { train, test, cutoffs: [...train, test], before: config.targets.before ? epochOf(config.targets.before) : train.at(-1)! }
}
