/**
 * Issue 15, the audit archive in AWS: the Object Lock bucket (compliance mode, KMS, TLS only, versioned, no
 * public access, lifecycle by retention tag), the Glue tables of every dataset with partition projection,
 * the Athena workgroup and its limits, and who may do what: the archiver writes objects with their retention
 * and can neither delete nor shorten nor unlock anything; no other role may write the archive. The
 * definitions are the project's own (infra/definitions).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMON_COLUMNS, DATASET_NAMES, DATASETS, PARTITION_COLUMN } from '#archive/schema.js';
import { app } from '#infra/definitions.js';
import { RETENTION } from '#shared/retention.js';
import { ARCHIVE_QUERIERS, ARCHIVER, KEYS_TABLE } from './archive-fixture.js';
import {
  type AttachedStatement,
  actionMatches,
  allIdentityStatements,
  asArray,
  type Json,
  logicalId,
  roleStatements,
  type Statement,
  SYNTH_TIMEOUT_MS,
  type Synthesized,
  synthesize,
} from './support.js';

const definition = app;
let synth: Synthesized;
let resources: Record<string, Json>;

beforeAll(() => {
  synth = synthesize({ bundle: false, stackProps: { definition } });
  resources = synth.template.toJSON().Resources;
}, SYNTH_TIMEOUT_MS);
afterAll(() => synth?.cleanup());

const archive = () => synth.stack.archive;
const bucketId = () => logicalId(archive().bucket);
const resultsId = () => logicalId(archive().resultsBucket);
const keyArn = (): Json => ({ 'Fn::GetAtt': [logicalId(archive().key), 'Arn'] });
const fn = (name: string) => {
  const found = synth.stack.functions.get(name);
  if (!found) throw new Error(`no function ${name}`);
  return found;
};
const statementsOf = (name: string): Statement[] => roleStatements(synth.template, logicalId(fn(name).role));
const onBucket = (statement: Statement, id: string): boolean =>
  asArray(statement.Resource).some((r) => r === '*' || JSON.stringify(r).includes(`"${id}"`));
const allows = (statements: readonly Statement[], id: string, action: string): boolean =>
  statements.some(
    (s) => s.Effect === 'Allow' && onBucket(s, id) && asArray(s.Action).some((a) => actionMatches(a, action)),
  );
const bucketPolicy = (id: string): Statement[] =>
  Object.values(resources).find((r) => r.Type === 'AWS::S3::BucketPolicy' && r.Properties.Bucket.Ref === id)
    ?.Properties.PolicyDocument.Statement ?? [];

/** Periods of the record kinds held in the tables the archiver reads (independent of archive.ts). */
const archivedPeriods = Object.values(RETENTION)
  .filter((r) => ['audit', 'consent-history', 'audit-access-log', 'erasure-log'].includes(r.table))
  .map((r) => r.days);

describe('archive bucket', () => {
  const bucket = () => resources[bucketId()];

  it('has Object Lock in COMPLIANCE mode, default retention = the shortest archived period', () => {
    expect(bucket().Properties.ObjectLockEnabled).toBe(true);
    expect(bucket().Properties.ObjectLockConfiguration).toEqual({
      ObjectLockEnabled: 'Enabled',
      Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: Math.min(...archivedPeriods) } },
    });
    expect(Math.min(...archivedPeriods)).toBe(90);
  });

  it('is versioned, encrypted with its own customer-managed key (rotation on), never public, retained', () => {
    const p = bucket().Properties;
    expect(p.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(p.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([
      {
        BucketKeyEnabled: true,
        ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn() },
      },
    ]);
    expect(p.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(p.OwnershipControls.Rules).toEqual([{ ObjectOwnership: 'BucketOwnerEnforced' }]);
    expect(bucket().DeletionPolicy).toBe('Retain');
    const key = resources[logicalId(archive().key)];
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(key.DeletionPolicy).toBe('Retain');
    expect(key.Properties.KeyPolicy.Statement.every((s: Json) => s.Principal.Service === undefined)).toBe(
      true,
    );
  });

  it('logs server access to the log bucket', () => {
    expect(bucket().Properties.LoggingConfiguration).toEqual({
      DestinationBucketName: { Ref: logicalId(archive().logBucket) },
      LogFilePrefix: 'archive/',
    });
  });

  it('expires every period of shared/retention.ts by the retention tag, after the lock ends', () => {
    const rules: Json[] = bucket().Properties.LifecycleConfiguration.Rules;
    const periods = [...new Set(Object.values(RETENTION).map((r) => r.days))];
    for (const days of periods)
      expect(rules, `${days} days`).toContainEqual({
        Id: `expire-${days}d`,
        Status: 'Enabled',
        TagFilters: [{ Key: 'retention', Value: String(days) }],
        ExpirationInDays: days + 1,
        NoncurrentVersionExpiration: { NoncurrentDays: 1 },
      });
    // Every other rule removes only delete markers and abandoned uploads: nothing expires untagged objects.
    for (const rule of rules.filter((r) => r.TagFilters === undefined)) {
      expect(rule.ExpirationInDays).toBeUndefined();
      expect(rule.NoncurrentVersionExpiration).toBeUndefined();
    }
  });

  it('refuses plain HTTP, and deleting, re-tagging or bypassing retention to everyone', () => {
    const policy = bucketPolicy(bucketId());
    expect(policy).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 's3:*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
    const forbidden = policy.find((s) => s.Sid === 'NobodyDeletesOrRetagsArchivedObjects');
    expect(forbidden).toMatchObject({ Effect: 'Deny', Principal: { AWS: '*' } });
    expect(forbidden?.Condition).toBeUndefined();
    for (const action of ['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:BypassGovernanceRetention'])
      expect(asArray(forbidden?.Action ?? []), action).toContain(action);
  });

  it('refuses writes, retentions, legal holds and tags from every principal but the archiver', () => {
    const only = bucketPolicy(bucketId()).find((s) => s.Sid === 'OnlyTheArchiverWrites');
    expect(only).toMatchObject({ Effect: 'Deny', Principal: { AWS: '*' } });
    expect(asArray(only?.Action ?? []).sort()).toEqual(
      ['s3:PutObject', 's3:PutObjectLegalHold', 's3:PutObjectRetention', 's3:PutObjectTagging'].sort(),
    );
    expect(only?.Condition).toEqual({
      ArnNotEquals: { 'aws:PrincipalArn': [{ 'Fn::GetAtt': [logicalId(fn(ARCHIVER).role), 'Arn'] }] },
    });
  });
});

describe('query results bucket', () => {
  it('is KMS-encrypted with the archive key, TLS only, private, and expires results after 7 days', () => {
    const p = resources[resultsId()].Properties;
    expect(p.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault).toEqual({
      SSEAlgorithm: 'aws:kms',
      KMSMasterKeyID: keyArn(),
    });
    expect(Object.values(p.PublicAccessBlockConfiguration)).toEqual([true, true, true, true]);
    expect(p.LifecycleConfiguration.Rules).toContainEqual(expect.objectContaining({ ExpirationInDays: 7 }));
    expect(bucketPolicy(resultsId())).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
  });
});

describe('Glue catalog', () => {
  const glueTables = (): Json[] =>
    Object.values(resources)
      .filter((r) => r.Type === 'AWS::Glue::Table')
      .map((r) => r.Properties);

  it('has the archive database', () => {
    const dbs = Object.values(resources).filter((r) => r.Type === 'AWS::Glue::Database');
    expect(dbs.map((d) => d.Properties.DatabaseInput.Name)).toEqual([archive().databaseName]);
    expect(archive().databaseName).toMatch(/^[a-z0-9_]+$/);
  });

  it('has one external Parquet table per dataset, nothing else', () => {
    expect(
      glueTables()
        .map((t) => t.TableInput.Name)
        .sort(),
    ).toEqual([...DATASET_NAMES].sort());
    for (const t of glueTables()) {
      expect(t.DatabaseName).toBe(archive().databaseName);
      expect(t.TableInput.TableType).toBe('EXTERNAL_TABLE');
      const sd = t.TableInput.StorageDescriptor;
      expect(sd.SerdeInfo.SerializationLibrary).toBe(
        'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
      );
      expect(sd.InputFormat).toBe('org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat');
      expect(sd.OutputFormat).toBe('org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat');
    }
  });

  for (const name of DATASET_NAMES) {
    it(`${name}: the columns of shared/archive/schema.ts in order, with their types`, () => {
      const table = glueTables().find((t) => t.TableInput.Name === name);
      const columns: Json[] = table.TableInput.StorageDescriptor.Columns;
      expect(columns.map((c) => [c.Name, c.Type])).toEqual(
        DATASETS[name].columns.map((c) => [c.name, c.type === 'int' ? 'int' : c.type]),
      );
      expect(columns.slice(0, COMMON_COLUMNS.length).map((c) => c.Name)).toEqual(
        COMMON_COLUMNS.map((c) => c.name),
      );
      for (const c of columns) expect(c.Comment.length).toBeLessThanOrEqual(255);
    });

    it(`${name}: partitioned by record_day through partition projection, from a fixed first day to NOW`, () => {
      const input = glueTables().find((t) => t.TableInput.Name === name).TableInput;
      expect(input.PartitionKeys).toEqual([
        expect.objectContaining({ Name: PARTITION_COLUMN, Type: 'string' }),
      ]);
      expect(input.Parameters).toMatchObject({
        classification: 'parquet',
        'projection.enabled': 'true',
        'projection.record_day.type': 'date',
        'projection.record_day.format': 'yyyy-MM-dd',
        'projection.record_day.range': `${synth.stack.settings.archive.firstDay},NOW`,
        'projection.record_day.interval': '1',
        'projection.record_day.interval.unit': 'DAYS',
      });
      const template = JSON.stringify(input.Parameters['storage.location.template']);
      expect(template).toContain(bucketId());
      expect(template).toContain(`/${name}/record_day=\${record_day}/`);
      expect(JSON.stringify(input.StorageDescriptor.Location)).toContain(`/${name}/`);
    });
  }
});

describe('Athena workgroup', () => {
  const workgroup = () => {
    const found = Object.values(resources).filter((r) => r.Type === 'AWS::Athena::WorkGroup');
    expect(found).toHaveLength(1);
    return found[0].Properties;
  };

  it('runs engine v3 with the configuration enforced, metrics on and a bytes-scanned limit', () => {
    const config = workgroup().WorkGroupConfiguration;
    expect(workgroup().Name).toBe(archive().workgroupName);
    expect(config.EngineVersion).toEqual({ SelectedEngineVersion: 'Athena engine version 3' });
    expect(config.EnforceWorkGroupConfiguration).toBe(true);
    expect(config.PublishCloudWatchMetricsEnabled).toBe(true);
    expect(config.BytesScannedCutoffPerQuery).toBe(100 * 1024 ** 3);
  });

  it('writes results SSE-KMS with the archive key into the results bucket', () => {
    const result = workgroup().WorkGroupConfiguration.ResultConfiguration;
    expect(result.EncryptionConfiguration).toEqual({ EncryptionOption: 'SSE_KMS', KmsKey: keyArn() });
    expect(JSON.stringify(result.OutputLocation)).toContain(resultsId());
  });
});

describe('archive access', () => {
  const WRITES = ['s3:PutObject', 's3:PutObjectRetention', 's3:PutObjectTagging', 's3:PutObjectLegalHold'];
  const DELETES = ['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:BypassGovernanceRetention'];

  it('the archiver may put objects with their retention and tag, and encrypt with the archive key, nothing more', () => {
    const statements = statementsOf(ARCHIVER);
    // (Resource "*" is X-Ray's, checked by security.test.ts.)
    const onArchive = statements.filter(
      (s) => s.Effect === 'Allow' && s.Resource !== '*' && onBucket(s, bucketId()),
    );
    expect(
      onArchive
        .flatMap((s) => asArray(s.Action))
        .filter((a) => a.startsWith('s3:'))
        .sort(),
    ).toEqual(['s3:PutObject', 's3:PutObjectRetention', 's3:PutObjectTagging'].sort());
    for (const s of onArchive) expect(JSON.stringify(s.Resource)).toContain('/*');
    const kms = statements.filter(
      (s) => s.Effect === 'Allow' && JSON.stringify(s.Resource).includes(logicalId(archive().key)),
    );
    expect(kms.flatMap((s) => asArray(s.Action)).sort()).toEqual(['kms:Encrypt', 'kms:GenerateDataKey']);
    for (const action of [...DELETES, 's3:GetObject', 's3:PutBucketObjectLockConfiguration'])
      expect(allows(statements, bucketId(), action), action).toBe(false);
  });

  it('the archiver is explicitly denied deleting, bypassing governance and changing lock, lifecycle or policy', () => {
    const deny = statementsOf(ARCHIVER).find((s) => s.Effect === 'Deny' && onBucket(s, bucketId()));
    expect(asArray(deny?.Action ?? []).sort()).toEqual(
      [
        ...DELETES,
        's3:PutBucketObjectLockConfiguration',
        's3:PutLifecycleConfiguration',
        's3:PutBucketPolicy',
      ].sort(),
    );
    const resourcesText = JSON.stringify(deny?.Resource);
    expect(resourcesText).toContain(`{"Fn::GetAtt":["${bucketId()}","Arn"]}`);
    expect(resourcesText).toContain('/*');
  });

  it('no role but the archiver may write the archive, and none may delete from it', () => {
    const owners = new Map<string, string>(
      [...synth.stack.functions.values()].map((f) => [logicalId(f.role), f.def.name]),
    );
    const writers = new Set<string>();
    for (const { roles, statement } of allIdentityStatements(synth.template) as AttachedStatement[]) {
      for (const action of DELETES) expect(allows([statement], bucketId(), action), action).toBe(false);
      if (WRITES.some((action) => allows([statement], bucketId(), action)))
        for (const role of roles) writers.add(owners.get(role) ?? role);
    }
    expect([...writers]).toEqual([ARCHIVER]);
  });

  it('the querying functions run Athena in the workgroup, read Glue, the archive and the results, nothing else', () => {
    for (const name of ARCHIVE_QUERIERS) {
      const statements = statementsOf(name);
      const actions = (sid: string) => asArray(statements.find((s) => s.Sid === sid)?.Action ?? []).sort();
      expect(actions('ArchiveQuery')).toEqual(
        [
          'athena:GetQueryExecution',
          'athena:GetQueryResults',
          'athena:StartQueryExecution',
          'athena:StopQueryExecution',
        ].sort(),
      );
      expect(JSON.stringify(statements.find((s) => s.Sid === 'ArchiveQuery')?.Resource)).toContain(
        `workgroup/${archive().workgroupName}`,
      );
      expect(actions('ArchiveCatalogRead')).toEqual([
        'glue:GetDatabase',
        'glue:GetPartition',
        'glue:GetPartitions',
        'glue:GetTable',
      ]);
      const glueResources = JSON.stringify(statements.find((s) => s.Sid === 'ArchiveCatalogRead')?.Resource);
      for (const dataset of DATASET_NAMES)
        expect(glueResources).toContain(`table/${archive().databaseName}/${dataset}`);
      expect(glueResources).not.toContain('*');
      for (const action of [...WRITES, ...DELETES])
        expect(allows(statements, bucketId(), action), action).toBe(false);
      expect(allows(statements, bucketId(), 's3:GetObject')).toBe(true);
      expect(allows(statements, resultsId(), 's3:PutObject')).toBe(true);
      expect(actions('ArchiveKeyDecrypt')).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
    }
  });

  it('functions without archive access have no S3, Athena or Glue permission at all', () => {
    for (const f of definition.functions.filter((d) => d.archive === undefined)) {
      const actions = statementsOf(f.name).flatMap((s) => asArray(s.Action));
      expect(
        actions.filter((a) => /^(s3|athena|glue):/.test(a)),
        f.name,
      ).toEqual([]);
    }
  });
});

describe('archive environment', () => {
  const env = (name: string): Record<string, Json> =>
    resources[logicalId(fn(name).function)].Properties.Environment.Variables;

  it('the archiver receives the bucket (so it writes to S3, not to a local folder)', () => {
    expect(env(ARCHIVER).ARCHIVE_BUCKET).toEqual({ Ref: bucketId() });
    expect(env(ARCHIVER)).not.toHaveProperty('AUDIT_ENGINE');
  });

  it('the querying functions run on Athena, in the workgroup, over the archive database', () => {
    for (const name of ARCHIVE_QUERIERS) {
      expect(env(name)).toMatchObject({
        AUDIT_ENGINE: 'athena',
        ATHENA_WORKGROUP: archive().workgroupName,
        ARCHIVE_DATABASE: archive().databaseName,
      });
      expect(env(name)).not.toHaveProperty('ARCHIVE_BUCKET');
    }
  });
});

describe('the archiver reads five streams', () => {
  it('one mapping per table, from TRIM_HORIZON, with retries, bisection, partial failures and a failure queue', () => {
    const archiver = fn(ARCHIVER);
    const def = definition.functions.find((f) => f.name === ARCHIVER);
    const sources = def?.events.filter((e) => e.kind === 'dynamodb-stream') ?? [];
    expect(sources.length).toBe(5);
    const mappings = Object.values(resources)
      .filter((r) => r.Type === 'AWS::Lambda::EventSourceMapping')
      .map((r) => r.Properties)
      .filter((m) => m.FunctionName.Ref === logicalId(archiver.function));
    expect(mappings).toHaveLength(sources.length);
    for (const source of sources) {
      const table = synth.stack.tables.get(source.table);
      if (!table || source.kind !== 'dynamodb-stream') throw new Error(source.kind);
      const queue = archiver.streamFailureQueues.get(source.table);
      if (!queue) throw new Error(`no failure queue for ${source.table}`);
      expect(mappings.find((m) => JSON.stringify(m.EventSourceArn).includes(logicalId(table)))).toMatchObject(
        {
          StartingPosition: 'TRIM_HORIZON',
          BatchSize: source.batchSize,
          MaximumRetryAttempts: source.retryAttempts,
          BisectBatchOnFunctionError: true,
          FunctionResponseTypes: ['ReportBatchItemFailures'],
          DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [logicalId(queue), 'Arn'] } } },
        },
      );
    }
  });
});

describe('customer keys', () => {
  it('no point-in-time recovery and tagged for no backup (a restored key would undo an erasure), still retained', () => {
    const table = synth.stack.tables.get(KEYS_TABLE);
    if (!table) throw new Error('no customer-keys table');
    const resource = resources[logicalId(table)];
    expect(resource.Properties.PointInTimeRecoverySpecification).toEqual({
      PointInTimeRecoveryEnabled: false,
    });
    expect(resource.Properties.Tags).toContainEqual({ Key: 'offer-pipeline:backup', Value: 'none' });
    expect(resource.Properties.DeletionProtectionEnabled).toBe(true);
    expect(resource.DeletionPolicy).toBe('Retain');
    expect(Object.values(resources).some((r) => r.Type.startsWith('AWS::Backup::'))).toBe(false);
  });
});

describe('archive lag', () => {
  const alarm = (name: string): Json =>
    Object.values(resources).find(
      (r) =>
        r.Type === 'AWS::CloudWatch::Alarm' && r.Properties.AlarmName === `${synth.stack.stackName}-${name}`,
    )?.Properties;

  it('alarms when the archiver iterator age exceeds 120 s in 2 of 3 minutes, to the alarm topic', () => {
    expect(alarm(`archive-lag-${ARCHIVER}`)).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'IteratorAge',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalId(fn(ARCHIVER).function) } }],
      Statistic: 'Maximum',
      Period: 60,
      Threshold: 120_000,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
      AlarmActions: [{ Ref: logicalId(synth.stack.monitoring.topic) }],
    });
    // The outbox lag alarm is the publisher's: the archiver has the archive's own.
    expect(alarm(`publisher-lag-${ARCHIVER}`)).toBeUndefined();
  });

  it('the dashboard shows the archive lag', () => {
    const body = JSON.stringify(
      Object.values(resources).find((r) => r.Type === 'AWS::CloudWatch::Dashboard')?.Properties.DashboardBody,
    );
    expect(body).toContain('Archive lag');
  });

  it(
    'the threshold and the scan limit follow the environment settings',
    () => {
      const other = synthesize({
        bundle: false,
        stackProps: { definition, settings: { archive: { lagAlarmSeconds: 300, bytesScannedCutoffGb: 10 } } },
      });
      try {
        const r = other.template.toJSON().Resources as Record<string, Json>;
        const lag = Object.values(r).find((x) =>
          x.Properties?.AlarmName?.endsWith(`-archive-lag-${ARCHIVER}`),
        );
        expect(lag.Properties.Threshold).toBe(300_000);
        const wg = Object.values(r).find((x) => x.Type === 'AWS::Athena::WorkGroup');
        expect(wg.Properties.WorkGroupConfiguration.BytesScannedCutoffPerQuery).toBe(10 * 1024 ** 3);
      } finally {
        other.cleanup();
      }
    },
    SYNTH_TIMEOUT_MS,
  );
});
