/**
 * Who may assume the caller role of each HTTP audience (infra/definitions.ts, HttpAudience): the
 * `callers` setting of infra/environments/<name>.json, validated with zod at synth.
 *
 * A caller role trusts only the principals named here — never `*`, never a bare account (its root trusts
 * every principal of that account whose own policies allow it) unless narrowed by a condition on the
 * calling principal's ARN. The privacy audiences (reading the audit, erasing) also require MFA in the
 * trust policy: `aws:MultiFactorAuthPresent` true and `aws:MultiFactorAuthAge` below the configured age.
 * An audience without principals gets no caller role at all: nobody can call its routes (fail closed).
 *
 * Free of aws-cdk-lib imports: pure schema and the conditions, so tests and docs can use them directly.
 */
import * as z from 'zod';
import { HTTP_AUDIENCES, type HttpAudience } from '#infra/definitions.js';

/** The audiences whose caller role requires MFA: privacy officers reading the audit, and erasers. */
export const MFA_AUDIENCES: readonly HttpAudience[] = ['privacy-officer', 'privacy-eraser'];

/** The IAM ARN of a role or user (a path is allowed: SSO roles live under aws-reserved/...). */
const IAM_PRINCIPAL = /^arn:aws(?:-cn|-us-gov)?:iam::(\d{12}):(role|user)\/([\w+=,.@/-]{1,512})$/;
const ACCOUNT = /^\d{12}$/;
const ROOT = /^arn:aws(?:-cn|-us-gov)?:iam::\d{12}:root$/;

const EXPECTED_ARN =
  'expected the ARN of an IAM role or user, e.g. arn:aws:iam::123456789012:role/PrivacyOfficer';

/** A role or user ARN, written out: no wildcard, no account root, no session ARN. */
export const principalArnSchema = z.string({ error: EXPECTED_ARN }).superRefine((arn, ctx) => {
  const problem = principalArnProblem(arn);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

function principalArnProblem(arn: string): string | undefined {
  if (arn.trim() === '*' || arn.trim() === '')
    return `"${arn}" would trust anyone (or nothing): ${EXPECTED_ARN}`;
  if (ACCOUNT.test(arn) || ROOT.test(arn))
    return (
      `"${arn}" is a bare account: its root trusts every principal of the account that its own policies ` +
      'allow. Name the role or user ARNs, or use { "account": ..., "principalArnLike": ... } to narrow it'
    );
  if (arn.includes(':sts::'))
    return `"${arn}" is a session, not a principal a role can trust: name the role ARN (arn:aws:iam::...:role/...)`;
  if (arn.includes('*') || arn.includes('?'))
    return `"${arn}" has a wildcard, which a trust policy principal cannot have: use { "account", "principalArnLike" }`;
  if (!IAM_PRINCIPAL.test(arn)) return `"${arn}": ${EXPECTED_ARN}`;
  return undefined;
}

/**
 * An account narrowed to the principals whose ARN matches a pattern (`aws:PrincipalArn`, ArnLike): for
 * roles with generated names, such as IAM Identity Center permission sets
 * (`arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/*\/AWSReservedSSO_PrivacyOfficer_*`).
 */
export const accountPatternSchema = z
  .strictObject({
    account: z.string().regex(ACCOUNT, 'expected a 12-digit AWS account id'),
    principalArnLike: z.string({ error: 'expected an IAM role or user ARN pattern' }),
  })
  .superRefine(({ account, principalArnLike }, ctx) => {
    const match = IAM_PRINCIPAL.exec(principalArnLike.replace(/[*?]/g, 'x'));
    const name = /:(?:role|user)\/(.*)$/.exec(principalArnLike)?.[1] ?? '';
    if (!match || match[1] !== account)
      ctx.addIssue({
        code: 'custom',
        path: ['principalArnLike'],
        message: `expected a role or user ARN pattern in account ${account} (arn:aws:iam::${account}:role/...)`,
      });
    else if (/^[*?/]*$/.test(name))
      ctx.addIssue({
        code: 'custom',
        path: ['principalArnLike'],
        message: `"${principalArnLike}" matches every ${match[2]} of the account: name at least part of it`,
      });
  });

export const callerPrincipalSchema = z.union([principalArnSchema, accountPatternSchema], {
  error: `${EXPECTED_ARN}, or { "account": "<12 digits>", "principalArnLike": "<role ARN pattern>" }`,
});
export type CallerPrincipal = z.infer<typeof callerPrincipalSchema>;

const principalList = z.array(callerPrincipalSchema).max(20, 'expected at most 20 principals per audience');

export const callersSchema = z.strictObject({
  /** Per audience, who may assume its caller role. An audience left out has no caller role. */
  principals: z.strictObject(
    Object.fromEntries(HTTP_AUDIENCES.map((audience) => [audience, principalList.optional()])) as Record<
      HttpAudience,
      z.ZodOptional<typeof principalList>
    >,
  ),
  /**
   * The longest time since the MFA sign-in for which the privacy roles may be assumed (seconds):
   * `aws:MultiFactorAuthAge` must be below it.
   */
  mfaMaxAgeSeconds: z
    .number({ error: 'expected a number of seconds' })
    .int('expected a whole number of seconds')
    .min(60, 'expected at least 60 seconds')
    .max(43_200, 'expected at most 43200 seconds (12 hours)'),
});
export type CallersSettings = z.infer<typeof callersSchema>;

export const DEFAULT_CALLERS: CallersSettings = { principals: {}, mfaMaxAgeSeconds: 3_600 };

/** IAM condition block for a trust statement. */
export type TrustConditions = Record<string, Record<string, string | number>>;

/** The conditions of one principal's trust statement for an audience. */
export function trustConditions(
  audience: HttpAudience,
  principal: CallerPrincipal,
  callers: CallersSettings,
): TrustConditions {
  const conditions: TrustConditions = {};
  if (typeof principal !== 'string') conditions.ArnLike = { 'aws:PrincipalArn': principal.principalArnLike };
  if (MFA_AUDIENCES.includes(audience)) {
    conditions.Bool = { 'aws:MultiFactorAuthPresent': 'true' };
    conditions.NumericLessThan = { 'aws:MultiFactorAuthAge': callers.mfaMaxAgeSeconds };
  }
  return conditions;
}
