// @tailorjs/tfjs — scores TF.js models named by a Tailor manifest. Pass it in; importing it
// registers nothing: createTailor({ scorers: [tfjsScorer()] }).
export { tfjsScorer } from './tfjs-scorer'
export type { TfjsScorerOptions } from './tfjs-scorer'
export type { TfLike, TfModel } from './load-model'
