/**
 * The AWS SDK prints a seven-line support notice on Node < 22 the first time a client is built. The local
 * tools replace it with one line on stderr, once per process; Lambda runs nodejs22.x and never sees either.
 * Import this module first in every command-line entry point (it must run before any SDK client exists).
 */
const SDK_NOTICE_SWITCH = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';
const major = Number(process.versions.node.split('.')[0]);

if (major < 22 && process.env[SDK_NOTICE_SWITCH] !== 'true') {
  process.env[SDK_NOTICE_SWITCH] = 'true';
  process.stderr.write(
    `note: Node ${process.versions.node}; Lambda runs Node 22, and AWS SDK releases after January 2027 need it\n`,
  );
}
