/** A rule said no to something the user asked for; the message is safe to show them. */
export class UserFacingError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The record changed since the user loaded the page (optimistic locking). */
export class ConflictError extends UserFacingError {}

export class NotFoundError extends Error {
  readonly status = 404;
}
