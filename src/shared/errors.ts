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

/** Input that cannot be used; `where` points at it (a field, a parameter, a line). */
export class InvalidInputError extends DomainError {
  override name = 'InvalidInputError';
  constructor(
    message: string,
    readonly where?: string,
  ) {
    super(where ? `${where}: ${message}` : message);
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
