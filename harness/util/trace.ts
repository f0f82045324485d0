// Phase marks for finding where a run's time goes: with MTLS_TRACE=1 each mark is one stderr line,
// milliseconds since the process started (worker threads included) (docs/performance.md was measured with them). Off, free.
const ON = process.env.MTLS_TRACE === '1';

export function mark(phase: string): void {
  if (ON) process.stderr.write(`mtls-conformance: trace ${(process.uptime() * 1000).toFixed(0)} ms ${phase}\n`);
}
