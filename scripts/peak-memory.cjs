// Preloaded (node --require) into a benchmarked process: reports its peak resident memory on exit,
// as a last line on stderr that the benchmark reads.
process.on('exit', () => process.stderr.write(`\npeak-memory-kib ${process.resourceUsage().maxRSS}\n`))
