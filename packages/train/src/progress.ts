/** One long step of a run: `update` with the work done so far, `done` once. */
export interface Step {
  update(done: number): void
  done(note?: string): void
}

/** Receives a run's steps; the CLI draws them as progress bars, a library caller may log them or ignore them. */
export type Progress = (label: string, total?: number) => Step

export const silent: Progress = () => ({ update() {}, done() {} })

/**
 * Progress bars on a terminal (redrawn at most every 100 ms), a line per finished step elsewhere
 * (CI logs stay readable). Writes to `stream`, stderr by default, so stdout stays for results.
 */
export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  return (label, total) => {
    const start = performance.now()
    let drawn = 0
    const draw = (done: number) => {
      if (!stream.isTTY) return
      const now = performance.now()
      if (now - drawn < 100) return
      drawn = now
      const width = 24
      const share = total ? Math.min(1, done / total) : 0
      const bar = total ? `[${'#'.repeat(Math.round(share * width)).padEnd(width, '.')}] ${Math.round(share * 100)}%` : `${done.toLocaleString('en-US')}`
      stream.write(`\r\x1b[2K${label} ${bar}`)
    }
    return {
      update: draw,
      done(note) {
        const seconds = ((performance.now() - start) / 1000).toFixed(1)
        stream.write(`${stream.isTTY ? '\r\x1b[2K' : ''}${label}: ${note ? `${note}, ` : ''}${seconds} s\n`)
      },
    }
  }
}

/** Times consecutive steps: `lap(name)` records the milliseconds since the previous lap (or the start) under `name`. */
export function stopwatch(): { timings: Record<string, number>; lap(name: string): void } {
  const timings: Record<string, number> = {}
  let start = performance.now()
  return {
    timings,
    lap(name) {
      timings[name] = Math.round(performance.now() - start)
      start = performance.now()
    },
  }
}
