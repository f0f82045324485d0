// kubectl against one kind cluster's context, through a command runner (recorded in tests).
import { lastLine, type CommandRunner } from '../container/runner.ts';
import { toYaml, type K8sObject } from './manifests.ts';

export class Kubectl {
  constructor(
    private readonly runner: CommandRunner,
    readonly context: string,
  ) {}

  async run(args: string[], input?: string): Promise<string> {
    const r = await this.runner.run('kubectl', ['--context', this.context, ...args], input === undefined ? {} : { input });
    if (r.code !== 0) throw new Error(`kubectl ${args.slice(0, 2).join(' ')}: ${lastLine(r)}`);
    return r.stdout;
  }

  apply(objects: K8sObject[]): Promise<string> {
    return this.run(['apply', '-f', '-'], toYaml(objects));
  }
}
