/**
 * Where the console's static files live in AWS (issue 14): a private S3 bucket (public access blocked,
 * TLS only, encrypted, versioned, server access logs) read by CloudFront through origin access control,
 * HTTPS only, with strict security headers. `/api/*` goes to the console API (uncached, every viewer header
 * but Host, every method) after a CloudFront Function strips the `/api` prefix, so the console calls the
 * same paths as the local gateway (`/api/...`, where a proxy strips it).
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledge, REASONS } from './acknowledgements.js';

/** Viewer request on `/api/*`: `/api/catalog/items` -> `/catalog/items` (cloudfront-js-2.0). */
export const STRIP_API_PREFIX_CODE = `function handler(event) {
  var request = event.request;
  if (request.uri === '/api' || request.uri.indexOf('/api/') === 0) {
    request.uri = request.uri.substring(4) || '/';
  }
  return request;
}`;

/**
 * Viewer request on the static files: a path without a file extension is a page of the single-page app
 * (`/triggers/abc`), answered with `/index.html`; files (`/assets/x.js`, `/config.json`) pass unchanged.
 * Custom error responses cannot do this: they would also replace the API's own 403 and 404 problems.
 */
export const SPA_FALLBACK_CODE = `function handler(event) {
  var request = event.request;
  var last = request.uri.substring(request.uri.lastIndexOf('/') + 1);
  if (last.indexOf('.') === -1) {
    request.uri = '/index.html';
  }
  return request;
}`;

/**
 * The Content-Security-Policy of every response: only the console's own files; `connect-src` adds the
 * Cognito endpoints the sign-in's token exchange (and refresh, revocation) calls.
 */
export function contentSecurityPolicy(cognitoOrigins: readonly string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ${cognitoOrigins.join(' ')}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
    "form-action 'self'",
  ].join('; ');
}

export interface ConsoleSiteProps {
  /** The console API that `/api/*` is sent to. */
  readonly api: apigwv2.HttpApi;
  /** Origins the browser may call besides the console itself (the Cognito domain and endpoint). */
  readonly cognitoOrigins: readonly string[];
  /** Days the CloudFront and S3 access logs are kept. */
  readonly logRetentionDays: number;
}

export class ConsoleSite extends Construct {
  readonly bucket: s3.Bucket;
  readonly logBucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly headers: cloudfront.ResponseHeadersPolicy;
  readonly stripApiPrefix: cloudfront.Function;

  constructor(scope: Construct, id: string, props: ConsoleSiteProps) {
    super(scope, id);
    // Access logs of the bucket and of CloudFront. CloudFront's standard logs are delivered with an ACL,
    // hence object ownership "object writer"; the bucket is still private and TLS only.
    this.logBucket = new s3.Bucket(this, 'Logs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [
        {
          expiration: Duration.days(props.logRetentionDays),
          noncurrentVersionExpiration: Duration.days(1),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.bucket = new s3.Bucket(this, 'Assets', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 'assets/',
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.headers = new cloudfront.ResponseHeadersPolicy(this, 'Headers', {
      comment: 'Offer pipeline console: strict CSP, HSTS, no sniffing, no framing, no referrer',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: contentSecurityPolicy(props.cognitoOrigins),
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
    });
    this.stripApiPrefix = new cloudfront.Function(this, 'StripApiPrefix', {
      code: cloudfront.FunctionCode.fromInline(STRIP_API_PREFIX_CODE),
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      comment: 'Console API calls: /api/<route> -> /<route>',
    });
    const spaFallback = new cloudfront.Function(this, 'SpaFallback', {
      code: cloudfront.FunctionCode.fromInline(SPA_FALLBACK_CODE),
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      comment: 'Console pages: a path without a file extension is /index.html',
    });
    const region = Stack.of(this).region;
    const apiOrigin = new origins.HttpOrigin(
      `${props.api.apiId}.execute-api.${region}.${Stack.of(this).urlSuffix}`,
      {
        protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
        originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
      },
    );
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `${Stack.of(this).stackName} console`,
      defaultRootObject: 'index.html',
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.headers,
        functionAssociations: [
          { function: spaFallback, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST },
        ],
      },
      additionalBehaviors: {
        '/api/*': {
          origin: apiOrigin,
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
          cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
          originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: this.headers,
          functionAssociations: [
            { function: this.stripApiPrefix, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST },
          ],
        },
      },
    });
    acknowledge(this.distribution, 'AwsSolutions-CFR1', REASONS.consoleNoGeoRestriction);
    acknowledge(this.distribution, 'AwsSolutions-CFR2', REASONS.consoleWafInUsEast1);
    acknowledge(this.distribution, 'AwsSolutions-CFR4', REASONS.consoleDefaultCertificate);
  }

  /** `https://<distribution domain>/`: the console's URL, and the sign-in's redirect URI. */
  get url(): string {
    return `https://${this.distribution.distributionDomainName}/`;
  }
}
