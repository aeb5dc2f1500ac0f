/**
 * Infrastructure faults. Business outcomes ("no consent", "sensitive") are decision values, never errors;
 * these classes are for what must make a message fail and be retried (fail closed).
 */
export class InfrastructureError extends Error {
  override readonly name: string = 'InfrastructureError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Customer state could not be read completely: nothing may be decided on a partial read. */
export class CustomerStateUnavailableError extends InfrastructureError {
  override readonly name = 'CustomerStateUnavailableError';
}

/** Decisions could not be stored; the message is retried. */
export class DecisionStoreError extends InfrastructureError {
  override readonly name = 'DecisionStoreError';
}

/** Another invocation changed the customer's contact-policy state first; retry decides again on fresh state. */
export class ContactStateConflictError extends InfrastructureError {
  override readonly name = 'ContactStateConflictError';
}

/** A record kept changing under a read-modify-write (e.g. a customer's consents); retry later. */
export class ConcurrentUpdateError extends InfrastructureError {
  override readonly name = 'ConcurrentUpdateError';
}

/** Configuration (environment, catalog) is invalid: the function must not start. */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

/** The governed catalog's table could not be read or written, or holds an item that does not validate. */
export class CatalogStoreError extends InfrastructureError {
  override readonly name = 'CatalogStoreError';
}

/**
 * No valid catalog snapshot is loaded (none was ever live, or every load so far was refused or failed):
 * nothing may be decided on a partial or missing catalog, so the messages are retried (fail closed).
 */
export class CatalogUnavailableError extends InfrastructureError {
  override readonly name = 'CatalogUnavailableError';
}
