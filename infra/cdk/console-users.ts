/**
 * Who may sign in to the console in AWS (issue 14): a Cognito user pool whose groups are the console
 * audiences (product-team, privacy-officer, privacy-eraser: shared/api/console-identity.ts). Administrators
 * create the users (no self sign-up) and put them in groups (docs/deploy.md). MFA is REQUIRED for every
 * user, by TOTP app: privacy officers must have it, and a pool-level requirement is the one Cognito enforces
 * without custom code, so product teams have it too. The Plus feature plan's threat protection is on
 * (compromised-credential and adaptive-authentication checks, enforced). The pool holds the identities the
 * access log and the four-eyes record name, so it is retained and protected from deletion, as the tables
 * that hold records are (./data-stores.ts).
 *
 * The app client is the console itself: public (no secret, a browser cannot keep one), authorization code
 * with PKCE only, its callback and logout URL the console's CloudFront URL (added once the distribution
 * exists: ./console.ts).
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { CONSOLE_AUDIENCES, type ConsoleAudience } from '#api/console-identity.js';
import { pascalCase } from './names.js';

export interface ConsoleUsersProps {
  /** The sign-in domain's prefix: `https://<prefix>.auth.<region>.amazoncognito.com`. */
  readonly domainPrefix: string;
}

/** Who each group is for (the group's description in the pool). */
const GROUP_DESCRIPTIONS: Readonly<Record<ConsoleAudience, string>> = {
  'product-team': 'Product teams: draft, simulate and submit triggers (never approve them)',
  'privacy-officer': 'Privacy officers: review and approve triggers, read the audit and the access log',
  'privacy-eraser': "Privacy erasers: carry out customers' erasure requests (and read nothing else)",
};

export class ConsoleUsers extends Construct {
  readonly userPool: cognito.UserPool;
  readonly domain: cognito.UserPoolDomain;
  readonly groups = new Map<ConsoleAudience, cognito.CfnUserPoolGroup>();

  constructor(scope: Construct, id: string, props: ConsoleUsersProps) {
    super(scope, id);
    this.userPool = new cognito.UserPool(this, 'Pool', {
      userPoolName: `${Stack.of(this).stackName}-console`,
      selfSignUpEnabled: false,
      signInAliases: { username: true },
      signInCaseSensitive: false,
      // The address the invitation (temporary password) and account recovery go to.
      standardAttributes: { email: { required: true, mutable: true } },
      autoVerify: { email: true },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      userInvitation: {
        emailSubject: 'Your account for the offer pipeline console',
        emailBody:
          'Your user name is {username} and your temporary password is {####}. Sign in to the console, ' +
          'choose a new password and set up your authenticator app (MFA is required).',
      },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const audience of CONSOLE_AUDIENCES)
      this.groups.set(
        audience,
        new cognito.CfnUserPoolGroup(this, `${pascalCase(audience)}Group`, {
          userPoolId: this.userPool.userPoolId,
          groupName: audience,
          description: GROUP_DESCRIPTIONS[audience],
        }),
      );
    this.domain = this.userPool.addDomain('Domain', { cognitoDomain: { domainPrefix: props.domainPrefix } });
  }

  /**
   * The console's app client: public, authorization code with PKCE only, returning to `consoleUrl` (the
   * CloudFront URL, ending in `/`). Tokens last one hour; a refresh token eight hours (a working day).
   */
  addConsoleClient(consoleUrl: string): cognito.UserPoolClient {
    const client = this.userPool.addClient('ConsoleClient', {
      userPoolClientName: 'console',
      generateSecret: false,
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [cognito.OAuthScope.OPENID],
        callbackUrls: [consoleUrl],
        logoutUrls: [consoleUrl],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(8),
    });
    // No password, SRP or custom flow from the browser: the only way in is the hosted sign-in (authorization
    // code + PKCE, with MFA); the console may only refresh the tokens it got that way.
    (client.node.defaultChild as cognito.CfnUserPoolClient).explicitAuthFlows = ['ALLOW_REFRESH_TOKEN_AUTH'];
    return client;
  }
}
