// The environment of the node processes a run starts that make no TLS connection (the echo
// backends, the watchdog, Allure's worker). NODE_EXTRA_CA_CERTS makes node read and parse the
// whole file it names before any code runs: with a system bundle (Debian's 140 roots, as CI
// machines often set it) that is about 95 ms of CPU at each start, three or four times the rest of
// node's start. Their other variables (PATH, TMPDIR, locale) are theirs as before.
export function nodeChildEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const { NODE_EXTRA_CA_CERTS: _unused, ...rest } = env;
  return rest;
}
