import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Authorise } from './triggers-client.js';

/** SHA-256 for the signer, from node:crypto (an HMAC when given a secret). */
class NodeSha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    const key = secret === undefined ? undefined : toBuffer(secret);
    this.hash = key === undefined ? createHash('sha256') : createHmac('sha256', key);
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(toBuffer(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

function toBuffer(data: string | ArrayBuffer | ArrayBufferView): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

/** The region of an execute-api URL (`https://abc.execute-api.eu-west-1.amazonaws.com/`), else AWS_REGION. */
export function regionOf(url: URL, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return (
    /\.execute-api\.([a-z0-9-]+)\.amazonaws\.com$/.exec(url.hostname)?.[1] ??
    env.AWS_REGION ??
    env.AWS_DEFAULT_REGION
  );
}

/**
 * Against AWS: every request signed with SigV4 for execute-api with the standard credentials (environment,
 * profile, SSO, ...). The caller's identity and role are the principal that signs: assume the product-team
 * or privacy-officer caller role first.
 */
export function sigv4(region: string): Authorise {
  const signer = new SignatureV4({
    service: 'execute-api',
    region,
    credentials: defaultProvider(),
    sha256: NodeSha256,
  });
  return async (request) => {
    const query: Record<string, string> = {};
    for (const [name, value] of request.url.searchParams) query[name] = value;
    const signed = await signer.sign({
      method: request.method,
      protocol: request.url.protocol,
      hostname: request.url.hostname,
      ...(request.url.port === '' ? {} : { port: Number(request.url.port) }),
      path: request.url.pathname,
      query,
      headers: { ...request.headers, host: request.url.host },
      ...(request.body === undefined ? {} : { body: request.body }),
    });
    // fetch sets Host itself, from the same URL: the signed value.
    const { host: _host, ...headers } = signed.headers as Record<string, string>;
    return { ...request, headers };
  };
}
