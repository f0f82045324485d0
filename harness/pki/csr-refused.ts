// The CA's refusal of a partner's CSR, with the reason: an answer to the partner (the control
// endpoint says 422), not a failure of the harness. Its own module: the control server names it
// without loading the PKI code.
export class CsrRefused extends Error {
  override name = 'CsrRefused';
}
