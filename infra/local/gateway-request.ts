/**
 * The request-target rules of the local HTTP gateway, as API Gateway HTTP APIs apply them: routes match on
 * the raw (still percent-encoded) path, so an id holding `/` arrives as `%2F` inside one segment; path
 * parameters and the query string are decoded only after matching, strictly (UTF-8, no malformed escape).
 * Nothing here throws on caller input: every malformed target is an `undefined` the gateway answers with 400.
 */

export interface RequestTarget {
  /** The path exactly as received (raw bytes beyond ASCII percent-encoded), never normalised. */
  readonly rawPath: string;
  /** The query string without its `?`, as received. */
  readonly rawQuery: string;
}

/** Bytes a client should have percent-encoded but sent raw (Node hands them over as latin1 characters). */
function encodeRawBytes(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= 0x21 && code <= 0x7e) out += char;
    else {
      // Node gives raw target bytes as latin1 (one character per byte); anything wider is its UTF-8.
      const bytes = code <= 0xff ? [code] : [...Buffer.from(char, 'utf8')];
      for (const byte of bytes) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
  }
  return out;
}

/**
 * Splits an origin-form (`/path?query`) or absolute-form (`http://host/path?query`) request target.
 * Undefined for anything else (`*`, an authority, an empty target).
 */
export function parseRequestTarget(url: string | undefined): RequestTarget | undefined {
  if (url === undefined || url.length === 0) return undefined;
  let target = url;
  const absolute = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/.exec(target);
  if (absolute) target = target.slice(absolute[0].length) || '/';
  if (!target.startsWith('/')) return undefined;
  const hash = target.indexOf('#');
  if (hash >= 0) target = target.slice(0, hash);
  const question = target.indexOf('?');
  const rawPath = question >= 0 ? target.slice(0, question) : target;
  const rawQuery = question >= 0 ? target.slice(question + 1) : '';
  return { rawPath: encodeRawBytes(rawPath), rawQuery: encodeRawBytes(rawQuery) };
}

/** Percent-decoding that refuses instead of throwing: malformed escapes and invalid UTF-8 are undefined. */
export function decodeStrict(text: string, plusIsSpace = false): string | undefined {
  try {
    return decodeURIComponent(plusIsSpace ? text.replace(/\+/g, ' ') : text);
  } catch {
    return undefined;
  }
}

/** True when every `%` starts a valid escape and the escapes decode as UTF-8. */
export function isWellEncoded(text: string): boolean {
  return decodeStrict(text) !== undefined;
}

/**
 * The query string as API Gateway's `queryStringParameters`: decoded names and values (`+` is a space),
 * repeated names joined by commas. Undefined when a name or value is malformed.
 */
export function parseQuery(rawQuery: string): Record<string, string> | undefined {
  const query: Record<string, string> = {};
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const equals = part.indexOf('=');
    const name = decodeStrict(equals >= 0 ? part.slice(0, equals) : part, true);
    const value = decodeStrict(equals >= 0 ? part.slice(equals + 1) : '', true);
    if (name === undefined || value === undefined) return undefined;
    const previous = Object.hasOwn(query, name) ? query[name] : undefined;
    query[name] = previous === undefined ? value : `${previous},${value}`;
  }
  return query;
}

/** A route path of the definitions (`/customers/{customerId}/offers`) compiled to match raw paths. */
export interface CompiledPath {
  readonly pattern: RegExp;
  readonly params: readonly string[];
}

export function compilePath(path: string): CompiledPath {
  const params: string[] = [];
  const source = path
    .split('/')
    .map((segment) => {
      const param = /^\{([A-Za-z0-9_]+)(\+?)\}$/.exec(segment);
      if (!param?.[1]) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      params.push(param[1]);
      return param[2] === '+' ? '(.+)' : '([^/]+)';
    })
    .join('/');
  return { pattern: new RegExp(`^${source}$`), params };
}

export type PathMatch =
  | { readonly ok: true; readonly parameters: Record<string, string> }
  | { readonly ok: false; readonly malformed: string };

/** Matches a raw path; the parameters are decoded after matching. Undefined when the path does not match. */
export function matchPath(compiled: CompiledPath, rawPath: string): PathMatch | undefined {
  const match = compiled.pattern.exec(rawPath);
  if (!match) return undefined;
  const parameters: Record<string, string> = {};
  for (const [i, name] of compiled.params.entries()) {
    const decoded = decodeStrict(match[i + 1] ?? '');
    if (decoded === undefined) return { ok: false, malformed: name };
    parameters[name] = decoded;
  }
  return { ok: true, parameters };
}
