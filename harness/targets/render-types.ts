// What `mtls-conformance render` writes for a target: each file a run would apply or start the
// gateway with, for a Home Party engineer to review, and what is only known once a run starts.

export interface RenderedFile {
  /** Relative to the --out dir. */
  path: string;
  content: string;
}

export interface Rendered {
  files: RenderedFile[];
  /** Values a run chooses or reads only when it starts (ports, issued subjects, the CRL). */
  atRunTime: string[];
}

/** Ports a rendering shows where a run takes free ones. */
export const EXAMPLE_PORTS = { proxy: 18443, admin: 18001, backends: [18081, 18082, 18083, 18084] } as const;

/** Kong's environment as KEY=VALUE lines (a docker --env-file). */
export function envFile(env: Record<string, string>): string {
  return Object.entries(env).map(([k, v]) => `${k}=${v}`).join('\n') + '\n';
}
