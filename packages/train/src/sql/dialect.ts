/**
 * What differs between the SQL dialects the feature compiler writes: every other line of the
 * generated SQL is the same for DuckDB and Spark SQL. Each entry is a function-call form, so the
 * Spark text also runs on DuckDB with a macro per Spark-only name (SPARK_ON_DUCKDB), which is how
 * the tests check it.
 */
export interface Dialect {
  name: 'duckdb' | 'spark'
  /** `text` matches the regular expression `pattern` in full. */
  fullMatch(text: string, pattern: string): string
  /** `text` as a DOUBLE, or NULL when it is not a number. */
  tryDouble(text: string): string
  /** Epoch milliseconds of a UTC `YYYY-MM-DD HH:MM:SS[.fff]` text (NULL when not a valid date-time). */
  epochMs(text: string): string
  /** `text`'s first character is at 1; `length` characters. */
  substring(text: string, start: string, length: string): string
  /** ln(1 + x), accurate for small x as Math.log1p is. */
  log1p(x: string): string
}

const quote = (pattern: string) => `'${pattern.replace(/'/g, "''")}'`

export const duckdb: Dialect = {
  name: 'duckdb',
  fullMatch: (text, pattern) => `regexp_full_match(${text}, ${quote(pattern)})`,
  tryDouble: (text) => `TRY_CAST(${text} AS DOUBLE)`,
  epochMs: (text) => `epoch_ms(TRY_CAST(${text} AS TIMESTAMP))`,
  substring: (text, start, length) => `substring(${text}, ${start}, ${length})`,
  // DuckDB has no log1p: below 1e-5 the series, whose next term is under 1e-20.
  log1p: (x) => `(CASE WHEN abs(${x}) < 1e-5 THEN (${x}) * (1 - (${x}) / 2 + (${x}) * (${x}) / 3) ELSE ln(1 + (${x})) END)`,
}

/** Spark SQL 3.4 or later, with `spark.sql.session.timeZone` set to UTC (the wrapper sets it). */
export const spark: Dialect = {
  name: 'spark',
  fullMatch: (text, pattern) => `regexp_like(${text}, ${quote(`^(?:${pattern})$`)})`,
  tryDouble: (text) => `try_cast(${text} AS DOUBLE)`,
  epochMs: (text) => `unix_millis(try_cast(${text} AS TIMESTAMP))`,
  substring: (text, start, length) => `substring(${text}, ${start}, ${length})`,
  log1p: (x) => `log1p(${x})`,
}

/**
 * DuckDB macros for the Spark functions DuckDB lacks, so the Spark SQL text runs on DuckDB
 * unchanged: these are the whole difference between the two dialects.
 */
export const SPARK_ON_DUCKDB = [
  "CREATE OR REPLACE MACRO regexp_like(text, pattern) AS regexp_matches(text, pattern)",
  'CREATE OR REPLACE MACRO unix_millis(ts) AS epoch_ms(ts)',
  `CREATE OR REPLACE MACRO log1p(x) AS ${duckdb.log1p('x')}`,
]
