// Every target the suite can run against. Adding one is a folder with its entry plus one line here:
// the CLI's flags, help and preflight, run planning and provisioning all read this list.
import { ConfigError } from '../util/errors.ts';
import { docker } from './docker/entry.ts';
import { external } from './external/entry.ts';
import { kind } from './kind/entry.ts';
import { local } from './local/entry.ts';
import type { TargetEntry } from './registry-types.ts';
import { shownValue } from '../config/shown.ts';

export type { TargetEntry, TargetFlag } from './registry-types.ts';

export const TARGETS: readonly TargetEntry[] = [
  local,
  external,
  kind,
  docker,
];

/** The registry line of a target name given on the command line (or a plan). */
export function targetEntry(name: string): TargetEntry {
  const entry = TARGETS.find((t) => t.name === name);
  if (!entry) throw new ConfigError(`unknown target ${shownValue(name)}: choose ${TARGETS.map((t) => t.name).join(' or ')}`);
  return entry;
}

