import type { Slice, Target } from './dataset'
import { auc, gains, precisionAtK, topDecileLift } from './metrics'

/** How one model (or baseline) ranks the test customers. */
export interface Evaluation {
  name: string
  description: string
  /** Mean over the targets bought by at least one test customer. */
  meanAuc: number
  meanTopDecileLift: number
  /** Of each buyer's 5 highest-scored targets, the share they bought, averaged over buyers. */
  precisionAt5: number
  /** Share of buyers captured in the top 10 %, 20 % … 100 % of customers, averaged over targets. */
  gains: number[]
  perTarget: Array<{ target: string; buyers: number; auc: number; topDecileLift: number }>
}

/** The rows of target `t` of a customer-major table. */
const column = (values: ArrayLike<number>, t: number, targets: number) => Float64Array.from({ length: values.length / targets }, (_, i) => values[i * targets + t]!)

export function evaluate(name: string, description: string, scores: ArrayLike<number>, test: Slice, targets: readonly Target[]): Evaluation {
  const T = test.targets
  const perTarget = targets.map((target, t) => {
    const s = column(scores, t, T)
    const y = column(test.y, t, T)
    const buyers = y.reduce((a, b) => a + b, 0)
    return { target: target.id, buyers, auc: auc(s, y), topDecileLift: buyers ? topDecileLift(s, y) : NaN }
  })
  const scored = perTarget.filter((entry) => entry.buyers > 0 && entry.buyers < test.customers.length)
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length
  const curves = targets.map((_, t) => gains(column(scores, t, T), column(test.y, t, T), 10)).filter((_, t) => perTarget[t]!.buyers > 0)
  return {
    name,
    description,
    meanAuc: mean(scored.map((entry) => entry.auc)),
    meanTopDecileLift: mean(scored.map((entry) => entry.topDecileLift)),
    precisionAt5: precisionAtK(scores, test.y, T, Math.min(5, T)),
    gains: Array.from({ length: 10 }, (_, p) => mean(curves.map((curve) => curve[p]!))),
    perTarget,
  }
}
