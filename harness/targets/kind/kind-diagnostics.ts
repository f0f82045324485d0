// What explains a failure on kind: pod status, recent events, Kong's log (info level, so verify
// errors show). Never a Secret: only pods, events and logs are read, and all of it is filtered.
import { filterDiagnostics } from '../../report/diagnostics-filter.ts';
import { NAMESPACE } from './manifests.ts';

interface KubectlLike {
  run(args: string[]): Promise<string>;
}

export async function collectDiagnostics(kubectl: KubectlLike): Promise<string> {
  const parts: string[] = [];
  for (const [title, args] of [
    ['pods', ['get', 'pods', '-A', '-o', 'wide']],
    ['events', ['-n', NAMESPACE, 'get', 'events', '--sort-by=.lastTimestamp']],
    ['kong log', ['-n', NAMESPACE, 'logs', 'deployment/kong', '-c', 'kong', '--tail=200']],
  ] as const) {
    try {
      parts.push(`== ${title}\n${await kubectl.run([...args])}`);
    } catch (err) {
      parts.push(`== ${title}\n(unavailable: ${(err as Error).message})`);
    }
  }
  return filterDiagnostics(parts.join('\n'));
}
