// Last line of defence for evidence: no private key may reach a report, whatever a caller passes.
const PEM_PRIVATE_KEY = /-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY-----[\s\S]*?(-----END ([A-Z0-9]+ )*PRIVATE KEY-----|$)/g;

export function redact(text: string): string {
  return text.replace(PEM_PRIVATE_KEY, '[private key redacted]');
}
