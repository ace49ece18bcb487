import type { InvitationStatus } from './invitation-repository';

export const STATUS_LABELS: Record<InvitationStatus, string> = {
  invited: 'Invited',
  opened: 'Opened',
  in_progress: 'In progress',
  submitted: 'Submitted',
  declined: 'Declined',
  withdrawn: 'Withdrawn',
};

export const STATUS_TAG_CLASSES: Record<InvitationStatus, string> = {
  invited: 'govuk-tag--grey',
  opened: 'govuk-tag--light-blue',
  in_progress: 'govuk-tag--blue',
  submitted: 'govuk-tag--green',
  declined: 'govuk-tag--orange',
  withdrawn: 'govuk-tag--red',
};
