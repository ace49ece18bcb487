import type { OrganisationRepository } from './organisation-repository';

export function createOrganisationService(organisations: OrganisationRepository) {
  return {
    list: () => organisations.list(),
    find: (id: string) => organisations.findById(id),
  };
}

export type OrganisationService = ReturnType<typeof createOrganisationService>;
