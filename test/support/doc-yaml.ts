// The YAML examples a document shows, so that tests hold them to what the tool accepts.
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';

/** Each ```yaml block of `path` (from the package root) whose top level has `key`, parsed; YAML errors throw with the doc's name. */
export function docYamlExamples(path: string, key: string): unknown[] {
  const md = readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
  return [...md.matchAll(/```yaml\n([\s\S]*?)```/g)].flatMap(([, block]) => {
    const doc = parseDocument(block!);
    if (doc.errors.length > 0) throw new Error(`${path}: a YAML example is not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}`);
    const value = doc.toJS() as Record<string, unknown> | null;
    return value && key in value ? [value] : [];
  });
}
