// `mtls-conformance --help`: every command and flag, what it does, its default.
import type { DemoDeclaration } from '../../harness/report/catalogue.ts';
import { FAULTS } from '../../harness/targets/local/faults.ts';
import { TARGETS } from '../../harness/targets/registry.ts';

/** Words of `text` in lines of at most `width` characters, each indented by `indent`. */
function wrap(text: string, indent: number, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && indent + line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines.map((l) => ' '.repeat(indent) + l).join('\n');
}

export function helpText(catalogue: readonly DemoDeclaration[]): string {
  return `mtls-conformance: prove on a real gateway that partner mTLS keeps its promises.

Usage:
  mtls-conformance run [--target ${TARGETS.map((t) => t.name).join('|')}] [--config <file>] [--only <ids>]
                       [--report-dir <dir>] [--junit <file>] [--policy <file>] [--rejections <n>]
                       [--convergence-window <s>] [--max-validity-days <n>] [--fault <name>]
                       [--cluster <name>] [--keep] [--require <ids>] [--last-failed] [--verbose]
                       [--no-html-report]
  mtls-conformance verify --url <https://gateway:port/path> --cert <crt> --key <key> --ca <ca>
                       [--oracle any] [--report-dir <dir>] [--junit <file>] [--rejections <n>]
                       [--no-html-report]
  mtls-conformance list [--target <name>] [--config <file>] [--policy <file>] [--rejections <n>]
  mtls-conformance render --target local|kind|docker --out <dir> [--policy <file>]
  mtls-conformance --help | --version

run: the demo catalogue against a gateway.
  --target <name>      Where the demos run (default: local):
${TARGETS.map((t) => `${' '.repeat(23)}${t.name.padEnd(10)}${wrap(`${t.summary}.`, 33, 100).trimStart()}`).join('\n')}
                       kind and docker do not run in this repository's CI (no Docker engine there).
  --config <file>      The external target file (gateway url, ca, oracle; partners with cert and
                       key; routes; optional probes and issuer). See the README.
  --only <ids>         Run only these demos (comma-separated or repeated). Default: all.
  --policy <file>      Partner policy the local, kind and docker gateways are built from
                       (default: fixtures/policy.yaml).
  --cluster <name>     kind: reuse this cluster (one this tool created with --keep) instead of a new one.
  --keep               kind, docker: keep the cluster or container afterwards, to inspect it.
  --require <ids>      For a deploy gate: these demos must be tested; a case of one that is
                       not-supported or skipped fails the run (exit 1), saying so in every report.
  --last-failed        Run again the demos that failed or broke in the report dir's last run.
  --verbose            Also print each case's result under its demo's line.
  --fault <name>       Break the local gateway in one named way, to see the demos catch it
                       (repeatable; never part of a normal run):
${Object.entries(FAULTS).map(([k, v]) => `                         ${k.padEnd(21)} ${v}`).join('\n')}

list: the demos in run order (seed, what each checks, what it needs) and the request budget per
identity for that target, with a warning for each declared quota the run would outspend. Nothing
is started.

render: what a target would apply or start its gateway with (kind: the cluster config, the
cert-manager and Kong manifests, Kong's declarative config and env; docker: Kong's config, env and
container; local: nginx.conf), written to a new or empty folder for review, with a RENDERED.md
saying what only a run can know (ports, the CRL, issued subjects). Nothing is started or minted.

verify: a partner's self-check, holding only its own certificate. Checks the gateway's server
certificate and the partner's own, that the partner gets in, that no cert, a self-signed and a
foreign-CA cert are refused, and that TLS 1.0/1.1 are refused; everything else is listed as
not-supported with the reason. It sends three requests as the partner (far below any quota):
one to get in, and one each over TLS 1.2 and 1.3; they also serve as the positive controls the
refusals are judged next to.
  --url <url>          The gateway's mTLS listener and the route to try, e.g. https://gw:8443/v1/consumer
  --cert, --key        Your client certificate and its (unencrypted) private key.
  --ca <file>          The CA the gateway's server certificate chains to.
  --oracle <name>      How the gateway says no: kong-oss, kong-enterprise, tls or any (default: any).

Both:
  --report-dir <dir>   Where reports go (default: reports). A run replaces <dir>/allure-results,
                       <dir>/allure-report, <dir>/junit.xml and <dir>/conformance-report.json, and
                       appends to <dir>/history/history.jsonl. Nothing else in <dir> is touched.
                       One run at a time: a second run into <dir> is refused (exit 2).
  --junit <file>       Write the JUnit XML here instead of <dir>/junit.xml.
  --no-html-report     Write no Allure HTML report (<dir>/allure-report is removed, the history is
                       not extended), and never load Allure: sooner, for a gate that reads the
                       exit code and JUnit. allure-results is still written (\`npx allure
                       generate\` reads it).
  --rejections <n>     A refusal counts when n fresh connections in a row are refused (default 3).
  --convergence-window <s>
                       How long a change (revoke, offboard, onboard) may take to show, polled,
                       in seconds (default 30).
  --max-validity-days <n>
                       cert-lifecycle fails a certificate valid for longer than n days
                       (default 90, the guide's rule; renewal warnings inside 30 days).
  -h, --help           Show this help.
  --version            Show the version.

Demos (ids for --only):
${catalogue.map((d) => `  ${d.id.padEnd(21)} ${d.checks}`).join('\n')}

Exit codes:
  0  every demo passed (or some were skipped on purpose); not-supported is not a failure
  1  a conformance failure: at least one demo failed
  2  bad usage or bad config
  3  the environment kept the run from a verdict: it could not be provisioned (e.g. nginx
     missing), or nothing failed but some cases could not be judged (broken: a dead port, a port
     that does not speak TLS, a quota nobody declared, a positive control that was not let in)
`;
}
