// The pre-function that maps a verified client certificate to a Kong Consumer (Kong OSS has no
// mtls-auth): only a verified subject on the partner table is let in, as that consumer; anyone
// else gets 401 JSON. It sets the identity headers itself, so a client cannot send its own.

/** A Lua double-quoted string literal. Control characters are refused rather than escaped. */
export function luaString(value: string): string {
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  if (/[\x00-\x1f\x7f]/.test(value)) throw new Error(`control characters are not allowed in a partner subject: ${JSON.stringify(value)}`);
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export const UNKNOWN_PARTNER_MESSAGE = 'Unauthorized: client certificate does not belong to a known partner';

/** `partners`: verified subject (RFC 2253, as nginx's $ssl_client_s_dn) -> consumer username. */
export function consumerMappingLua(partners: ReadonlyMap<string, string>): string {
  const table = [...partners].map(([dn, name]) => `  [${luaString(dn)}] = ${luaString(name)},`).join('\n');
  return `local partners = {
${table}
}
if ngx.var.ssl_client_verify ~= "SUCCESS" then
  return kong.response.exit(401, { message = "client certificate required" })
end
local name = partners[ngx.var.ssl_client_s_dn or ""]
if not name then
  return kong.response.exit(401, { message = ${luaString(UNKNOWN_PARTNER_MESSAGE)} })
end
local consumer, err = kong.client.load_consumer(name, true)
if err then
  kong.log.err("consumer lookup failed: ", err)
  return kong.response.exit(500, { message = "An unexpected error occurred" })
end
if not consumer then
  return kong.response.exit(401, { message = ${luaString(UNKNOWN_PARTNER_MESSAGE)} })
end
kong.client.authenticate(consumer, nil)
kong.service.request.set_header("X-Consumer-Username", consumer.username)
kong.service.request.set_header("X-Consumer-ID", consumer.id)
kong.service.request.clear_header("X-Consumer-Custom-ID")
kong.service.request.clear_header("X-Anonymous-Consumer")
kong.service.request.set_header("X-Credential-Identifier", ngx.var.ssl_client_serial)
kong.service.request.set_header("X-Client-DN", ngx.var.ssl_client_s_dn)
kong.service.request.set_header("X-Client-Serial", ngx.var.ssl_client_serial)
kong.service.request.set_header("X-Client-Verify", ngx.var.ssl_client_verify)
`;
}
