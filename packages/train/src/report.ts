import type { Summary } from './train'

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
const fixed = (value: number, digits = 3) => (Number.isFinite(value) ? value.toFixed(digits) : '–')
const COLORS = ['#9aa0a6', '#c5865a', '#5a8fc5', '#2e7d32', '#8e44ad']

/** A line chart of each evaluation's series over the deciles 10 % … 100 %. */
function chart(title: string, yLabel: string, series: Array<{ name: string; values: number[] }>, yMax: number, reference?: number[]): string {
  const W = 440, H = 280, left = 48, bottom = 36, top = 16, right = 12
  const px = (d: number) => left + (d / 10) * (W - left - right)
  const py = (v: number) => H - bottom - (v / yMax) * (H - bottom - top)
  const path = (values: number[], from0: boolean) =>
    (from0 ? [`M${px(0)},${py(0)}`] : []).concat(values.map((v, d) => `${from0 || d ? 'L' : 'M'}${px(d + 1).toFixed(1)},${py(Math.min(v, yMax)).toFixed(1)}`)).join(' ')
  const from0 = reference !== undefined
  const ticks = Array.from({ length: 5 }, (_, i) => (yMax * i) / 4)
  return `<figure><svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${escape(title)}">
<g stroke="#ddd">${ticks.map((v) => `<line x1="${left}" x2="${W - right}" y1="${py(v)}" y2="${py(v)}"/>`).join('')}</g>
<g font-size="10" fill="#555">${ticks.map((v) => `<text x="${left - 6}" y="${py(v) + 3}" text-anchor="end">${v.toFixed(yMax > 2 ? 1 : 2)}</text>`).join('')}
${Array.from({ length: 10 }, (_, d) => `<text x="${px(d + 1)}" y="${H - bottom + 14}" text-anchor="middle">${(d + 1) * 10}%</text>`).join('')}
<text x="${(left + W) / 2}" y="${H - 4}" text-anchor="middle">customers targeted, highest score first</text>
<text transform="translate(12 ${(H - bottom) / 2}) rotate(-90)" text-anchor="middle">${escape(yLabel)}</text></g>
${reference ? `<path d="${path(reference, from0)}" fill="none" stroke="#bbb" stroke-dasharray="4 3"/>` : ''}
${series.map((s, i) => `<path d="${path(s.values, from0)}" fill="none" stroke="${COLORS[i % COLORS.length]}" stroke-width="2"/>`).join('\n')}
</svg><figcaption>${escape(title)}: ${series.map((s, i) => `<span style="color:${COLORS[i % COLORS.length]}">■</span> ${escape(s.name)}`).join(' ')}${reference ? ' <span style="color:#bbb">┄</span> random' : ''}</figcaption></figure>`
}

/** The run's report: one self-contained HTML page (no scripts, no external files) with SVG gains and lift charts. */
export function htmlReport(summary: Summary): string {
  const { data, protocol, evaluations } = summary
  const lift = (gains: number[]) => gains.map((g, d) => (g - (d ? gains[d - 1]! : 0)) / 0.1)
  const skipped = Object.entries(data.skipped)
    .map(([reason, entry]) => `<tr><td>${escape(reason)}</td><td>${entry.count.toLocaleString('en-US')}</td><td>${entry.lines.join(', ')}${entry.count > entry.lines.length ? ', …' : ''}</td></tr>`)
    .join('')
  const models = evaluations
    .map((e) => `<tr><td><b>${escape(e.name)}</b><br><small>${escape(e.description)}</small></td><td>${fixed(e.meanAuc)}</td><td>${fixed(e.meanTopDecileLift, 2)}</td><td>${fixed(e.precisionAt5)}</td></tr>`)
    .join('')
  const targets = evaluations[0]!.perTarget
    .map((entry, t) => `<tr><td>${escape(entry.target)}</td><td>${entry.buyers}</td>${evaluations.map((e) => `<td>${fixed(e.perTarget[t]!.auc)}</td>`).join('')}</tr>`)
    .join('')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tailor training report</title>
<style>body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:980px;padding:0 1rem;color:#222}table{border-collapse:collapse;margin:.5rem 0 1.5rem}td,th{border-bottom:1px solid #e5e5e5;padding:.3rem .6rem;text-align:left;vertical-align:top}th{background:#f6f6f6}figure{display:inline-block;margin:0 1rem 1rem 0}figcaption{font-size:12px;color:#444}small{color:#666}</style>
</head><body>
<h1>Tailor training report</h1>
<p>${escape(summary.tool)}, ${escape(summary.createdAt)}. Data: <code>${escape(data.file)}</code>, ${data.lines.toLocaleString('en-US')} lines read, ${data.accepted.toLocaleString('en-US')} kept, ${data.customers.toLocaleString('en-US')} customers, ${escape(data.from ?? '')} to ${escape(data.to ?? '')}.</p>
<p>Protocol: ${protocol.targets} ${protocol.dimension} targets; features at ${protocol.trainCutoffs.join(', ')} (training) and ${protocol.testCutoff} (test), labels: a purchase of the target in the ${protocol.horizonDays} days after; ${protocol.trainRows.toLocaleString('en-US')} training rows, ${protocol.testCustomers.toLocaleString('en-US')} test customers.</p>
<h2>Models and baselines on the test cutoff</h2>
<table><tr><th>model</th><th>mean AUC</th><th>top-decile lift</th><th>precision@5</th></tr>${models}</table>
${chart('Cumulative gains (mean over targets)', 'share of buyers captured', evaluations.map((e) => ({ name: e.name, values: e.gains })), 1, Array.from({ length: 10 }, (_, d) => (d + 1) / 10))}
${chart('Lift by decile (mean over targets)', 'lift', evaluations.map((e) => ({ name: e.name, values: lift(e.gains) })), Math.max(2, Math.ceil(Math.max(...evaluations.flatMap((e) => lift(e.gains)))) ))}
<h2>Lines left out</h2>
<table><tr><th>reason</th><th>lines</th><th>first line numbers</th></tr>${skipped || '<tr><td colspan="3">none</td></tr>'}</table>
<h2>AUC per target</h2>
<table><tr><th>target</th><th>buyers</th>${evaluations.map((e) => `<th>${escape(e.name)}</th>`).join('')}</tr>${targets}</table>
<h2>Model weights</h2>
<table><tr><th>feature</th><th>weight</th></tr>${Object.entries(summary.weights).map(([name, w]) => `<tr><td>${escape(name)}</td><td>${fixed(w, 4)}</td></tr>`).join('')}</table>
</body></html>
`
}
