// `mtls-conformance --help`: every flag, what it does, its default.
import { CATALOGUE } from '../../harness/report/catalogue.ts';
import { FAULTS } from '../../harness/targets/local/faults.ts';

export function helpText(): string {
  return `mtls-conformance: prove on a real gateway that partner mTLS keeps its promises.

Usage:
  mtls-conformance run [--target local] [--only <ids>] [--report-dir <dir>] [--policy <file>]
                       [--rejections <n>] [--convergence-window <s>] [--fault <name>]
  mtls-conformance --help | --version

Options:
  --target <name>      The gateway to test. local (default): Debian's nginx as a reference gateway
                       that behaves as Kong OSS does, started and stopped by this run.
  --only <ids>         Run only these demos (comma-separated or repeated). Default: all.
  --report-dir <dir>   Where reports go (default: reports). This run replaces <dir>/allure-results,
                       <dir>/allure-report, <dir>/junit.xml and <dir>/conformance-report.json, and
                       appends to <dir>/history/history.jsonl. Nothing else in <dir> is touched.
  --policy <file>      Partner policy the local gateway is rendered from (default: fixtures/policy.yaml).
  --rejections <n>     A refusal counts when n fresh connections in a row are refused (default 3).
  --convergence-window <s>
                       How long a change (revoke, offboard, onboard) may take to show, polled,
                       in seconds (default 30).
  --fault <name>       Break the local gateway in one named way, to see the demos catch it
                       (repeatable; never part of a normal run):
${Object.entries(FAULTS).map(([k, v]) => `                         ${k.padEnd(20)} ${v}`).join('\n')}
  -h, --help           Show this help.
  --version            Show the version.

Demos (ids for --only):
${CATALOGUE.map((d) => `  ${d.id.padEnd(20)} ${d.checks}`).join('\n')}

Exit codes:
  0  every demo passed (or some were skipped on purpose)
  1  a conformance failure: at least one demo failed
  2  bad usage or bad config
  3  the environment could not be provisioned (e.g. nginx missing)
`;
}
