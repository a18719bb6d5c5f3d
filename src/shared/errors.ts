/**
 * Errors the domain raises on purpose. The web layer maps them to HTTP statuses;
 * the CLI prints their message. Each message says what is wrong and where.
 */
export class DomainError extends Error {
  override name = 'DomainError';
}

/** Something asked for does not exist (HTTP 404). */
export class NotFoundError extends DomainError {
  override name = 'NotFoundError';
}

/** A problem with one field of some input, as data: a form shows `message` beside `field`. */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * Input that cannot be used. `field` points at it (a form field, a parameter, a line) and
 * `problem` says what is wrong with it, each as data; the message joins them ("slug: …") for
 * the command line and logs, so that nobody needs to cut a field name back out of it.
 */
export class InvalidInputError extends DomainError {
  override name = 'InvalidInputError';
  constructor(
    readonly problem: string,
    readonly field?: string,
  ) {
    super(field ? `${field}: ${problem}` : problem);
  }

  /** The error as a form shows it: beside its field, or above the form (`_form`) when it names none. */
  toFieldError(): FieldError {
    return { field: this.field ?? '_form', message: this.problem };
  }
}

/** The actor may not do this (HTTP 403). */
export class ForbiddenError extends DomainError {
  override name = 'ForbiddenError';
}

/** Nobody is signed in, and this needs someone to be (HTTP 401, or a redirect to the login page). */
export class UnauthenticatedError extends DomainError {
  override name = 'UnauthenticatedError';
}

/** The request is valid but conflicts with the current state, e.g. the CFP has closed (HTTP 409). */
export class ConflictError extends DomainError {
  override name = 'ConflictError';
}

/**
 * Lectern cannot do this now, but may in a moment: too many searches at once, no free database
 * connection, a statement cut off by its timeout (HTTP 503 with `Retry-After`). The message says
 * what is busy, for people; `reason` names it in a few words, for logs; `retryAfterSeconds` says
 * when to ask again.
 */
export class ServiceUnavailableError extends DomainError {
  override name = 'ServiceUnavailableError';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    readonly reason: string,
  ) {
    super(message);
  }
}
