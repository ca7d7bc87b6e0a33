import { TailorError, type TailorErrorCode } from './errors'

/**
 * The subset of JSON Schema (2020-12) that `z.toJSONSchema` writes for Tailor's zod schemas. The
 * browser validates with these generated documents instead of shipping zod (see
 * docs/decisions/0001-where-zod-runs.md); schemas.test.ts proves both validators agree.
 */
export interface JsonSchema {
  type?: string | string[]
  properties?: Record<string, JsonSchema>
  required?: string[]
  additionalProperties?: boolean | JsonSchema
  propertyNames?: JsonSchema
  items?: boolean | JsonSchema
  prefixItems?: JsonSchema[]
  minItems?: number
  maxItems?: number
  minLength?: number
  maxLength?: number
  pattern?: string
  enum?: unknown[]
  const?: unknown
  minimum?: number
  maximum?: number
  exclusiveMinimum?: number
  exclusiveMaximum?: number
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
}

const patterns = new Map<string, RegExp>()

function typeOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value !== 'object') return typeof value
  // Only plain objects, as JSON makes them (from any realm): a Map, a Date, a boxed value, a DOM
  // node or a class instance is none, and is not read field by field.
  const proto = Object.getPrototypeOf(value) as object | null
  return proto === null || Object.getPrototypeOf(proto) === null ? 'object' : 'instance'
}

function hasType(value: unknown, type: string): boolean {
  if (type === 'integer') return Number.isSafeInteger(value)
  // zod, like JSON, has no NaN or Infinity.
  if (type === 'number') return typeof value === 'number' && Number.isFinite(value)
  return typeOf(value) === type
}

/** What is wrong and where: `keys` from the offending value up to the root (built only on failure). */
interface Problem {
  keys: Array<string | number>
  message: string
}

const problem = (message: string): Problem => ({ keys: [], message })

/** Adds `key` to the path of a problem found below it. */
function under(key: string | number, found: Problem | undefined): Problem | undefined {
  found?.keys.push(key)
  return found
}

/** The first problem with `value`, or undefined when it conforms. */
function check(schema: JsonSchema, value: unknown): Problem | undefined {
  // `{}` accepts anything: no need to walk what it covers (a logged event's other fields).
  for (const _ in schema) return checkAgainst(schema, value)
  return undefined
}

function checkAgainst(schema: JsonSchema, value: unknown): Problem | undefined {
  const { type } = schema
  if (type !== undefined && !(typeof type === 'string' ? hasType(value, type) : type.some((t) => hasType(value, t)))) {
    return problem(`expected ${Array.isArray(type) ? type.join(' or ') : type}`)
  }
  if ('const' in schema && value !== schema.const) return problem(`expected ${JSON.stringify(schema.const)}`)
  if (schema.enum && !schema.enum.includes(value)) {
    return problem(`expected one of ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}`)
  }
  const choices = schema.anyOf ?? schema.oneOf
  if (choices) {
    let closest: Problem | undefined
    for (const choice of choices) {
      const found = check(choice, value)
      if (found === undefined) return undefined
      // Report against the alternative whose discriminating constants match, if one does.
      if (typeOf(value) !== 'object') continue
      const constants = Object.entries(choice.properties ?? {}).filter(([, property]) => 'const' in property)
      if (constants.length > 0 && constants.every(([key, property]) => (value as Record<string, unknown>)[key] === property.const)) {
        closest = found
      }
    }
    if (closest) return closest
    // A discriminated union whose discriminator names none of its forms: say which names exist.
    const tag = typeOf(value) === 'object' && Object.keys(choices[0]?.properties ?? {}).find((key) => choices.every((choice) => 'const' in (choice.properties?.[key] ?? {})))
    if (tag) return under(tag, problem(`expected one of ${choices.map((choice) => JSON.stringify(choice.properties![tag]!.const)).join(', ')}`))
    return problem(
      choices.every((choice) => 'const' in choice)
        ? `expected one of ${choices.map((choice) => JSON.stringify(choice.const)).join(', ')}`
        : `matches none of the ${choices.length} allowed forms`,
    )
  }
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength) return problem(`must be at least ${schema.minLength} characters`)
    if (schema.maxLength !== undefined && value.length > schema.maxLength) return problem(`must be at most ${schema.maxLength} characters`)
    if (schema.pattern !== undefined) {
      let regex = patterns.get(schema.pattern)
      if (!regex) patterns.set(schema.pattern, (regex = new RegExp(schema.pattern)))
      if (!regex.test(value)) return problem('does not match the expected pattern')
    }
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) return problem(`must be at least ${schema.minimum}`)
    if (schema.maximum !== undefined && value > schema.maximum) return problem(`must be at most ${schema.maximum}`)
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) return problem(`must be greater than ${schema.exclusiveMinimum}`)
    if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum) return problem(`must be less than ${schema.exclusiveMaximum}`)
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) return problem(`must have at least ${schema.minItems} entries`)
    if (schema.maxItems !== undefined && value.length > schema.maxItems) return problem(`must have at most ${schema.maxItems} entries`)
    const prefix = schema.prefixItems ?? []
    for (let i = 0; i < value.length; i++) {
      const itemSchema = i < prefix.length ? prefix[i] : schema.items
      if (itemSchema === false) return problem(`must have at most ${prefix.length} entries`)
      const found = typeof itemSchema === 'object' ? under(i, check(itemSchema, value[i])) : undefined
      if (found) return found
    }
  }
  if (typeOf(value) === 'object') {
    const object = value as Record<string, unknown>
    const properties = schema.properties ?? {}
    for (const key of schema.required ?? []) if (!Object.hasOwn(object, key)) return problem(`missing field "${key}"`)
    for (const key of Object.keys(object)) {
      const badName = schema.propertyNames && check(schema.propertyNames, key)
      if (badName) return problem(`field name ${JSON.stringify(key)} ${badName.message}`)
      // Own keys only: `toString` or `__proto__` in the input must not meet Object.prototype.
      const declared = Object.hasOwn(properties, key)
      const propertySchema = declared ? properties[key] : schema.additionalProperties
      if (propertySchema === false) return problem(`unknown field "${key}"`)
      // zod reads an optional field set to undefined as absent (record values get no such pass).
      if (object[key] === undefined && declared && !schema.required?.includes(key)) continue
      const found = typeof propertySchema === 'object' ? under(key, check(propertySchema, object[key])) : undefined
      if (found) return found
    }
  }
  return undefined
}

/** Whether `value` conforms to `schema`. */
export function conforms(schema: JsonSchema, value: unknown): boolean {
  return check(schema, value) === undefined
}

/** Returns `value` typed as `T` when it conforms to `schema`; otherwise throws a TailorError naming the field. */
export function validate<T>(schema: JsonSchema, value: unknown, code: TailorErrorCode, name?: string): T {
  const found = check(schema, value)
  if (found === undefined) return value as T
  if (name !== undefined) found.keys.push(name)
  throw new TailorError(code, `${found.keys.reverse().join('.') || '(root)'}: ${found.message}`)
}
