// Command-line parsing. Every mistake is a ConfigError (exit 2) that names the flag and the fix.
import { ConfigError } from '../../harness/util/errors.ts';
import { loadExternal } from '../../harness/config/external.ts';
import { buildVerifyConfig } from '../../harness/config/verify-config.ts';
import { loadPolicy } from '../../harness/config/policy.ts';
import { DEFAULT_POLICY, DEFAULTS, type RunOptions, type TargetFlags } from '../../harness/core/options.ts';
import { TARGETS, targetEntry, type TargetEntry } from '../../harness/targets/registry.ts';
import type { HelpTopic } from './help.ts';
import { ATTEST, attestTarget, parseAttest, type AttestCheckRequest } from './attest-args.ts';
import { noPositionals, parse } from './parse-flags.ts';
import { shownValue } from '../../harness/config/shown.ts';

export interface RunRequest extends RunOptions {
  mode: 'run' | 'verify';
  only: string[];
  reportDir: string;
  junitFile?: string;
  /** Demos that must be tested: one not-supported or skipped fails the run (the deploy gate). */
  require: string[];
  /** Run the demos that failed or broke in the report dir's last run. */
  lastFailed: boolean;
  /** A line per case under each demo's line. */
  verbose: boolean;
  /** Write the Allure HTML report (off with --no-html-report: a gate that reads the exit code and JUnit). */
  htmlReport: boolean;
  /** verify: write a signed attestation of the result here. */
  attestFile?: string;
  /** A nightly's known failures (a YAML file), read once the catalogue is. */
  expectFailuresFile?: string;
}

export interface RenderRequest {
  target: string;
  out: string;
  policyFile: string;
}

export type Command =
  | { kind: 'help'; topic?: HelpTopic }
  | { kind: 'version' }
  | ({ kind: 'run' } & RunRequest)
  | ({ kind: 'list' } & RunOptions)
  | ({ kind: 'render' } & RenderRequest)
  | ({ kind: 'attest-check' } & AttestCheckRequest);

const COMMON = {
  'report-dir': { type: 'string', default: 'reports' },
  junit: { type: 'string' },
  rejections: { type: 'string' },
  'convergence-window': { type: 'string' },
  'max-validity-days': { type: 'string' },
  'no-html-report': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

/** Every target's own flags (its registry line declares them), for the parser; each is checked against the target chosen. */
const TARGET_FLAGS = Object.fromEntries(TARGETS.flatMap((t) => t.flags).map((f) => [f.name, { type: f.type, ...(f.multiple ? { multiple: true } : {}) }])) as Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>;

const RUN = {
  ...COMMON,
  require: { type: 'string', multiple: true },
  'last-failed': { type: 'boolean' },
  'expect-failures': { type: 'string' },
  verbose: { type: 'boolean' },
  target: { type: 'string', default: 'local' },
  config: { type: 'string' },
  only: { type: 'string', multiple: true },
  policy: { type: 'string' },
} as const;

const LIST = {
  target: { type: 'string', default: 'local' },
  config: { type: 'string' },
  policy: { type: 'string' },
  rejections: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const RENDER = {
  target: { type: 'string' },
  out: { type: 'string' },
  policy: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const VERIFY = {
  ...COMMON,
  url: { type: 'string' },
  cert: { type: 'string' },
  key: { type: 'string' },
  ca: { type: 'string' },
  oracle: { type: 'string', default: 'any' },
  attest: { type: 'string' },
} as const;

/** Every option of each command, for the help test (test/cli.test.ts). */
export const OPTIONS = { run: { ...RUN, ...TARGET_FLAGS }, verify: VERIFY, list: LIST, render: RENDER, attest: ATTEST } as const;

function consistency(values: { rejections?: string; 'convergence-window'?: string; 'max-validity-days'?: string }): Pick<RunOptions, 'rejections' | 'convergenceMs' | 'maxValidityDays'> {
  return {
    maxValidityDays: values['max-validity-days'] === undefined ? DEFAULTS.maxValidityDays : parseCount(values['max-validity-days'], '--max-validity-days', 3650),
    rejections: values.rejections === undefined ? DEFAULTS.rejections : parseCount(values.rejections, '--rejections', 100),
    convergenceMs:
      values['convergence-window'] === undefined ? DEFAULTS.convergenceMs : parseCount(values['convergence-window'], '--convergence-window (seconds)', 600) * 1000,
  };
}

/** A positive integer from a flag; `what` names it in the error. */
function parseCount(value: string, what: string, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < 1 || n > max) throw new ConfigError(`${what} must be a whole number from 1 to ${max}, got ${shownValue(value)}`);
  return n;
}

function required(value: string | undefined, flag: string, what: string): string {
  if (!value) throw new ConfigError(`verify needs ${flag} ${what} (see mtls-conformance --help)`);
  return value;
}

export function parseCommand(argv: string[]): Command {
  const [first, ...rest] = argv;
  if (first === 'verify') return parseVerify(rest);
  if (first === 'list') return parseList(rest);
  if (first === 'render') return parseRender(rest);
  if (first === 'attest') return parseAttest(rest);
  if (first !== undefined && first !== 'run' && !first.startsWith('-')) {
    throw new ConfigError(`unknown command ${shownValue(first)}: the commands are run, verify, list, render and attest (see mtls-conformance --help)`);
  }
  const { values, positionals } = parse(first === 'run' ? rest : argv, { ...RUN, ...TARGET_FLAGS });
  if (values.help) return first === 'run' ? { kind: 'help', topic: 'run' } : { kind: 'help' };
  if (values.version) return { kind: 'version' };
  if (first !== 'run') throw new ConfigError('no command given: run "mtls-conformance run" or "mtls-conformance verify", or see mtls-conformance --help');
  noPositionals(positionals);

  // Checked against the catalogue once it is read (checkOnly): reading it loads every suite file.
  const ids = (given: string[] | undefined): string[] => (given ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  const only = ids(values.only);
  const require = ids(values.require);
  if (values['last-failed'] && only.length > 0) throw new ConfigError('--last-failed picks the demos itself: give it or --only, not both');
  const outside = only.length > 0 ? require.find((id) => !only.includes(id)) : undefined;
  if (outside) throw new ConfigError(`--require ${outside}: that demo is not among --only ${only.join(',')}, so it could never be tested`);
  if (!values['report-dir'].trim()) throw new ConfigError('--report-dir is empty: give a folder for the reports');
  const entry = targetEntry(values.target);
  const flags = targetFlags(entry, values);
  return {
    kind: 'run',
    mode: 'run',
    target: entry.name,
    only,
    reportDir: values['report-dir'],
    ...(values.junit ? { junitFile: values.junit } : {}),
    ...source(entry, values.policy, values.config),
    ...consistency(values),
    flags,
    require,
    lastFailed: !!values['last-failed'],
    ...(values['expect-failures'] !== undefined ? { expectFailuresFile: values['expect-failures'] } : {}),
    verbose: !!values.verbose,
    htmlReport: !values['no-html-report'],
  };
}

/** `list`: the catalogue and the request budget for a target, without running anything. */
function parseList(argv: string[]): Command {
  const { values, positionals } = parse(argv, LIST);
  if (values.help) return { kind: 'help', topic: 'list' };
  noPositionals(positionals);
  const entry = targetEntry(values.target);
  return {
    kind: 'list',
    target: entry.name,
    ...source(entry, values.policy, values.config),
    ...consistency(values),
    flags: {},
  };
}

/** `render`: what a target would apply or start its gateway with, written to a folder for review. */
function parseRender(argv: string[]): Command {
  const { values, positionals } = parse(argv, RENDER);
  if (values.help) return { kind: 'help', topic: 'render' };
  noPositionals(positionals);
  const renderable = TARGETS.filter((t) => t.render).map((t) => t.name).join(', ');
  if (!values.target) throw new ConfigError(`render needs --target <name>: one of ${renderable}`);
  const entry = targetEntry(values.target);
  if (!entry.render) throw new ConfigError(`render: --target ${entry.name} is a gateway this tool does not build, so there is nothing to render: use one of ${renderable}`);
  if (!values.out?.trim()) throw new ConfigError('render needs --out <dir>: a new or empty folder for the files');
  return { kind: 'render', target: entry.name, out: values.out, policyFile: values.policy ?? DEFAULT_POLICY };
}

/** The target's own flags, checked: one it does not declare is a usage error naming who takes it. */
function targetFlags(entry: TargetEntry, values: TargetFlags): TargetFlags {
  const own: Record<string, TargetFlags[string]> = {};
  for (const name of Object.keys(TARGET_FLAGS)) {
    const value = values[name];
    if (value === undefined || value === false || (Array.isArray(value) && value.length === 0)) continue;
    if (!entry.flags.some((f) => f.name === name)) {
      const takers = TARGETS.filter((t) => t.flags.some((f) => f.name === name)).map((t) => t.name).join(' or ');
      throw new ConfigError(`--${name} is for --target ${takers}`);
    }
    own[name] = value;
  }
  entry.checkFlags?.(own);
  return own;
}

/** The policy (read and checked once, here) or the target file, whichever the target is built from. */
function source(entry: TargetEntry, policyFile: string | undefined, configFile: string | undefined): Pick<RunOptions, 'policyFile' | 'policy' | 'external' | 'configFile'> {
  const other = TARGETS.find((t) => t.source !== entry.source)?.name ?? '';
  if (entry.source === 'config') {
    if (policyFile !== undefined) throw new ConfigError(`--policy is for targets built from a policy (e.g. --target ${other}); --target ${entry.name} takes --config`);
    if (!configFile) throw new ConfigError(`--target ${entry.name} needs --config <file>: the target file described in the README`);
    return { policyFile: DEFAULT_POLICY, external: loadExternal(configFile), configFile };
  }
  if (configFile !== undefined) throw new ConfigError(`--config is for --target ${other}; --target ${entry.name} takes --policy`);
  const file = policyFile ?? DEFAULT_POLICY;
  return { policyFile: file, policy: loadPolicy(file) };
}

/** --only and --require name demos of the catalogue. */
export function checkOnly(only: string[], ids: readonly string[], flag = '--only'): void {
  const unknown = only.filter((id) => !ids.includes(id));
  if (unknown.length > 0) throw new ConfigError(`${flag}: unknown demo id ${shownValue(unknown[0]!)}: choose from ${ids.join(', ')}`);
}

function parseVerify(argv: string[]): Command {
  const { values, positionals } = parse(argv, VERIFY);
  if (values.help) return { kind: 'help', topic: 'verify' };
  noPositionals(positionals);
  const external = buildVerifyConfig({
    url: required(values.url, '--url', '<https://gateway:port/path>'),
    cert: required(values.cert, '--cert', '<your client certificate>'),
    key: required(values.key, '--key', '<its private key>'),
    ca: required(values.ca, '--ca', '<the CA of the gateway\'s server certificate>'),
    oracle: values.oracle,
  });
  return {
    kind: 'run',
    mode: 'verify',
    target: 'external',
    only: [],
    reportDir: values['report-dir'],
    ...(values.junit ? { junitFile: values.junit } : {}),
    policyFile: DEFAULT_POLICY,
    ...consistency(values),
    external,
    flags: {},
    require: [],
    lastFailed: false,
    verbose: false,
    htmlReport: !values['no-html-report'],
    ...(values.attest !== undefined ? { attestFile: attestTarget(values.attest) } : {}),
  };
}
