/**
 * Monitoring of the audit archive (issue 15): the archiver's lag. Lambda publishes IteratorAge per function
 * for stream event sources: the age of the newest record of the batch when it was handed to the function,
 * summarised as its maximum over all five streams the archiver reads. Above `archive.lagAlarmSeconds`
 * (ARCHIVE_LAG_ALARM_SECONDS, 120 s by default) in 2 of 3 minutes, the alarm `archive-lag-<fn>` notifies the
 * alarm topic: records are reaching the archive late (errors and retries, throttling, or too little
 * parallelism per shard), and the privacy officers' archive queries miss the most recent records.
 */

import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { AlarmFactory } from './alarms.js';
import type { MonitoringProps } from './monitoring-props.js';
import type { PipelineFunction } from './pipeline-function.js';

const ONE_MINUTE = Duration.minutes(1);

/** The functions that write the archive from DynamoDB streams. */
export const archiveWriters = (props: MonitoringProps): PipelineFunction[] =>
  [...props.functions.values()].filter(
    (fn) => fn.def.archive === 'write' && fn.def.events.some((e) => e.kind === 'dynamodb-stream'),
  );

/** Without a label for the alarm (a labelled metric would render as a metric query). */
const iteratorAge = (fn: PipelineFunction, label?: string): cloudwatch.IMetric =>
  fn.function.metric('IteratorAge', {
    statistic: cloudwatch.Stats.MAXIMUM,
    period: ONE_MINUTE,
    ...(label === undefined ? {} : { label }),
  });

export function alarmOnArchiveLag(alarms: AlarmFactory, props: MonitoringProps): void {
  const seconds = props.settings.archive.lagAlarmSeconds;
  for (const fn of archiveWriters(props)) {
    alarms.add(
      `archive-lag-${fn.def.name}`,
      iteratorAge(fn),
      seconds * 1000,
      cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      `${fn.def.name}: stream records reach the audit archive more than ${seconds} s after they were ` +
        'written (IteratorAge, 2 of 3 minutes): recent records are missing from archive queries. Check the ' +
        'function\'s errors and the stream failure queues; docs/deploy.md ("The audit archive").',
      { periods: 3, datapoints: 2 },
    );
  }
}

/** The dashboard row of the archive: the archiver's lag against its alarm threshold. */
export function archiveWidgets(props: MonitoringProps): cloudwatch.IWidget[] {
  const writers = archiveWriters(props);
  if (writers.length === 0) return [];
  return [
    new cloudwatch.GraphWidget({
      title: 'Archive lag: stream iterator age of the archiver (ms, 1 min max)',
      left: writers.map((fn) => iteratorAge(fn, `${fn.def.name} iterator age (ms)`)),
      leftAnnotations: [
        { value: props.settings.archive.lagAlarmSeconds * 1000, label: 'alarm', color: '#d62728' },
      ],
      width: 24,
    }),
  ];
}
