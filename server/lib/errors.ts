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

/** The portal's disk is full: nothing was kept, and trying again later may work (503). */
export class StorageFullError extends UserFacingError {
  constructor() {
    super(
      'The file could not be saved because the portal’s file storage is full. Nothing was saved. Try again later; if this keeps happening, contact the procurement team.',
    );
  }
}

/** A write failed for want of space (or quota) rather than for a fault of ours. */
export function isDiskFull(error: unknown): boolean {
  const { code } = (error ?? {}) as { code?: unknown };
  return code === 'ENOSPC' || code === 'EDQUOT';
}

/** The record changed since the user loaded the page (optimistic locking). */
export class ConflictError extends UserFacingError {}

export class NotFoundError extends Error {
  readonly status = 404;
}
