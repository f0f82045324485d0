// The reason a gateway gave for refusing a certificate, from its log: nginx (and so Kong) writes
// "client SSL certificate verify error: (10:certificate has expired)" at info level. nginx keeps
// verifying past the first error, so the line names the last one OpenSSL found.
export interface VerifyReason {
  code: number;
  text: string;
}

const LINE = /client SSL certificate verify error: \((\d+):([^)]*)\)/;

export function verifyReasons(lines: string[]): VerifyReason[] {
  return lines.flatMap((l) => {
    const m = LINE.exec(l);
    return m ? [{ code: Number(m[1]), text: m[2]!.trim() }] : [];
  });
}

export const describeReason = (r: VerifyReason): string => `(${r.code}: ${r.text})`;
