// `--help`: the commands on one screen, and each command's flags on one of its own
// (`<command> --help`). Target flags come from the target registry.
import { FAULTS } from '../../harness/targets/local/faults.ts';
import { TARGETS } from '../../harness/targets/registry.ts';

export type HelpTopic = 'run' | 'verify' | 'list' | 'render' | 'attest';

/** Words of `text` in lines of at most `width` characters, each indented by `indent`. */
function wrap(text: string, indent: number, width = 100): string {
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

/** One flag: its name (and value) in a column, what it does beside it, wrapped. */
function flag(name: string, what: string): string {
  const head = `  ${name}`;
  return head.length < 24 ? `${head.padEnd(24)}${wrap(what, 24).trimStart()}` : `${head}\n${wrap(what, 24)}`;
}

const EXIT_CODES = wrap('Exit codes: 0 every check passed (not-supported is not a failure), 1 a check failed, 2 bad usage or config, 3 no verdict: the environment kept the run from one (with the reason and the fix).', 0);

const REPORTS = [
  flag('--report-dir <dir>', 'where reports go (default: reports): allure-report/, allure-results/, junit.xml, conformance-report.json, history/; nothing else there is touched; one run at a time'),
  flag('--junit <file>', 'write the JUnit XML here instead of <dir>/junit.xml'),
  flag('--no-html-report', 'write every report but the Allure HTML one'),
  flag('--rejections <n>', 'a refusal counts when n fresh connections in a row are refused (default 3)'),
  flag('--convergence-window <s>', 'how long a change (revoke, offboard, onboard) may take to show, polled (default 30)'),
  flag('--max-validity-days <n>', 'a certificate valid for longer fails cert-lifecycle (default 90)'),
];

function runHelp(): string {
  const own = TARGETS.flatMap((t) => t.flags.map((f) => ({ t: t.name, f })));
  const names = [...new Set(own.map((x) => x.f.name))];
  const targetFlags = names.map((name) => {
    const takers = own.filter((x) => x.f.name === name);
    const f = takers[0]!.f;
    return flag(`--${name}${f.value ? ` ${f.value}` : ''}`, `${takers.map((x) => x.t).join(', ')}: ${name === 'fault' ? 'break the gateway in one named way, to see the checks catch it (repeatable; never in a normal run)' : f.help}`);
  });
  return [
    'mtls-conformance run [--target <name>] [flags]: the checks against a gateway.',
    '',
    'Targets (--target, default local):',
    ...TARGETS.map((t) => `  ${t.name.padEnd(10)}${wrap(`${t.summary}.`, 12).trimStart()}`),
    '',
    'Flags:',
    flag('--config <file>', 'the target file of --target external (the gateway, the partners\' certs and keys, the routes)'),
    flag('--policy <file>', 'the partner policy the local, kind and docker gateways are built from (default: fixtures/policy.yaml)'),
    flag('--only <ids>', 'run only these checks (comma-separated or repeated; ids: mtls-conformance list)'),
    flag('--require <ids>', 'a deploy gate: these checks must be tested; one not-supported or skipped fails the run'),
    flag('--last-failed', 'run again the checks that failed or broke in the report dir\'s last run'),
    flag('--expect-failures <file>', 'a nightly\'s known failures (YAML: demo, case, match, reason, until): they do not fail the run until their day; one that passes, or fails otherwise than its match, does'),
    flag('--verbose', 'also print each case, and every not-supported reason'),
    ...REPORTS,
    ...targetFlags,
    wrap(`Faults: ${Object.keys(FAULTS).join(', ')}.`, 2),
    '',
    EXIT_CODES,
  ].join('\n');
}

function verifyHelp(): string {
  return [
    'mtls-conformance verify --url <url> --cert <crt> --key <key> --ca <ca> [flags]',
    '',
    wrap("A partner's self-check, holding only its own certificate and key and the Home Party's CA. It checks the gateway's server certificate and the partner's own, that the partner gets in on the URL's path, that no certificate, a self-signed one and one from another CA are refused, and that TLS 1.0 and 1.1 are refused; what a partner cannot check is listed with the reason. It sends three requests as the partner, far below any quota.", 0),
    '',
    flag('--url <url>', "the gateway's mTLS listener and the route to try, e.g. https://gw.example:8443/v1/consumer"),
    flag('--cert, --key <file>', 'your client certificate (with its chain, if any) and its unencrypted private key'),
    flag('--ca <file>', "the CA the gateway's server certificate chains to"),
    flag('--oracle <name>', 'how the gateway says no: kong-oss, kong-enterprise, tls or any (default any)'),
    flag('--attest <file>', 'also write the result signed with your key, for the Home Party to check (attest check)'),
    ...REPORTS,
    '',
    EXIT_CODES,
  ].join('\n');
}

const LIST_HELP = [
  'mtls-conformance list [--target <name>] [--config <file> | --policy <file>] [--rejections <n>]',
  '',
  wrap('The checks in run order (what each checks, what it needs) and how many requests each identity sends, with a warning for each declared quota a run would outspend. Starts nothing.', 0),
].join('\n');

const ATTEST_HELP = [
  'mtls-conformance attest check <file> --ca <file> [--url <url>] [--max-age <duration>]',
  '',
  wrap("Checks an attestation a partner's verify --attest wrote: its signature with the key of the certificate it carries, that certificate against the Home Party's CA (valid when it signed), the gateway it is about, and its age. Prints the partner, the gateway and each check.", 0),
  '',
  flag('--ca <file>', "the Home Party's CA the partner's certificate chains to"),
  flag('--url <url>', 'the gateway URL (with its path) the attestation must be about'),
  flag('--max-age <duration>', 'the oldest it may be: 90s, 30m, 24h, 7d'),
  '',
  wrap('Exit codes: 0 genuine and every check passed, 1 genuine but a check did not pass, 2 not genuine, tampered, too old, about another gateway, or bad usage.', 0),
].join('\n');

const RENDER_HELP = [
  'mtls-conformance render --target local|kind|docker --out <dir> [--policy <file>]',
  '',
  wrap("What a target would start its gateway with, written to a new or empty folder for review (kind: the cluster config, the cert-manager and Kong manifests, Kong's config and env; docker: Kong's config, env and container; local: nginx.conf), with a RENDERED.md of what only a run can know. Starts and mints nothing.", 0),
].join('\n');

export function helpText(topic?: HelpTopic): string {
  if (topic === 'run') return `${runHelp()}\n`;
  if (topic === 'verify') return `${verifyHelp()}\n`;
  if (topic === 'list') return `${LIST_HELP}\n`;
  if (topic === 'render') return `${RENDER_HELP}\n`;
  if (topic === 'attest') return `${ATTEST_HELP}\n`;
  return `${[
    'mtls-conformance: proves on a real gateway that partner mTLS keeps its promises: valid partners',
    'get in, everyone else is turned away, quotas and routes hold.',
    '',
    'Commands:',
    '  run       the checks against a gateway: one this run starts (local, kind, docker) or yours (external)',
    "  verify    a partner's self-check, with only its own certificate and key and the Home Party's CA",
    '  list      the checks in run order and the requests each identity sends; starts nothing',
    '  render    what a target would start its gateway with, for review; starts nothing',
    "  attest    check a partner's signed self-check: attest check <file> --ca <file>",
    '',
    'Examples:',
    '  mtls-conformance run --target external --config gate/target.yaml --junit reports/junit.xml',
    '  mtls-conformance verify --url https://gw.example:8443/v1/consumer --cert me.crt --key me.key --ca ca.crt',
    '  mtls-conformance run                    # against a local reference gateway (needs nginx)',
    '',
    'mtls-conformance <command> --help shows its flags; --version the version.',
    '',
    EXIT_CODES,
  ].join('\n')}\n`;
}
