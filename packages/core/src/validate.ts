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
  return typeof value
}

function hasType(value: unknown, type: string): boolean {
  if (type === 'integer') return Number.isSafeInteger(value)
  // zod, like JSON, has no NaN or Infinity.
  if (type === 'number') return typeof value === 'number' && Number.isFinite(value)
  return typeOf(value) === type
}

/** The first problem with `value`, as "path: what is wrong", or undefined when it conforms. */
function check(schema: JsonSchema, value: unknown, path: string): string | undefined {
  const at = (problem: string) => `${path || '(root)'}: ${problem}`
  const below = (key: string | number) => (path ? `${path}.${key}` : String(key))
  const { type } = schema
  if (type !== undefined && !(Array.isArray(type) ? type : [type]).some((t) => hasType(value, t))) {
    return at(`expected ${Array.isArray(type) ? type.join(' or ') : type}`)
  }
  if ('const' in schema && value !== schema.const) return at(`expected ${JSON.stringify(schema.const)}`)
  if (schema.enum && !schema.enum.includes(value)) {
    return at(`expected one of ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}`)
  }
  const choices = schema.anyOf ?? schema.oneOf
  if (choices) {
    let closest: string | undefined
    for (const choice of choices) {
      const problem = check(choice, value, path)
      if (problem === undefined) return undefined
      // Report against the alternative whose discriminating constants match, if one does.
      if (typeOf(value) !== 'object') continue
      const constants = Object.entries(choice.properties ?? {}).filter(([, property]) => 'const' in property)
      if (constants.length > 0 && constants.every(([key, property]) => (value as Record<string, unknown>)[key] === property.const)) {
        closest = problem
      }
    }
    if (closest) return closest
    return choices.every((choice) => 'const' in choice)
      ? at(`expected one of ${choices.map((choice) => JSON.stringify(choice.const)).join(', ')}`)
      : at(`matches none of the ${choices.length} allowed forms`)
  }
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength) return at(`must be at least ${schema.minLength} characters`)
    if (schema.maxLength !== undefined && value.length > schema.maxLength) return at(`must be at most ${schema.maxLength} characters`)
    if (schema.pattern !== undefined) {
      let regex = patterns.get(schema.pattern)
      if (!regex) patterns.set(schema.pattern, (regex = new RegExp(schema.pattern)))
      if (!regex.test(value)) return at('does not match the expected pattern')
    }
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) return at(`must be at least ${schema.minimum}`)
    if (schema.maximum !== undefined && value > schema.maximum) return at(`must be at most ${schema.maximum}`)
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) return at(`must be greater than ${schema.exclusiveMinimum}`)
    if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum) return at(`must be less than ${schema.exclusiveMaximum}`)
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) return at(`must have at least ${schema.minItems} entries`)
    if (schema.maxItems !== undefined && value.length > schema.maxItems) return at(`must have at most ${schema.maxItems} entries`)
    const prefix = schema.prefixItems ?? []
    for (let i = 0; i < value.length; i++) {
      const itemSchema = i < prefix.length ? prefix[i] : schema.items
      if (itemSchema === false) return at(`must have at most ${prefix.length} entries`)
      const problem = typeof itemSchema === 'object' ? check(itemSchema, value[i], below(i)) : undefined
      if (problem) return problem
    }
  }
  if (typeOf(value) === 'object') {
    const object = value as Record<string, unknown>
    const properties = schema.properties ?? {}
    // Own keys only: `toString` or `__proto__` in the input must not meet Object.prototype.
    const declared = (key: string) => Object.hasOwn(properties, key)
    for (const key of schema.required ?? []) if (!Object.hasOwn(object, key)) return at(`missing field "${key}"`)
    for (const key of Object.keys(object)) {
      const badName = schema.propertyNames && check(schema.propertyNames, key, '')
      if (badName) return at(`field name ${JSON.stringify(key)} ${badName.slice('(root): '.length)}`)
      const propertySchema = declared(key) ? properties[key] : schema.additionalProperties
      if (propertySchema === false) return at(`unknown field "${key}"`)
      // zod reads an optional field set to undefined as absent (record values get no such pass).
      if (object[key] === undefined && declared(key) && !schema.required?.includes(key)) continue
      const problem = typeof propertySchema === 'object' ? check(propertySchema, object[key], below(key)) : undefined
      if (problem) return problem
    }
  }
  return undefined
}

/** Whether `value` conforms to `schema`. */
export function conforms(schema: JsonSchema, value: unknown): boolean {
  return check(schema, value, '') === undefined
}

/** Returns `value` typed as `T` when it conforms to `schema`; otherwise throws a TailorError naming the field. */
export function validate<T>(schema: JsonSchema, value: unknown, code: TailorErrorCode, name = ''): T {
  const problem = check(schema, value, name)
  if (problem !== undefined) throw new TailorError(code, problem)
  return value as T
}
