import type { Knex } from 'knex';
import { isUuid } from '../../lib/uuid';

export type ServiceArea = {
  id: string;
  exerciseId: string;
  parentId: string | null;
  name: string;
  description: string;
  position: number;
  status: 'active' | 'archived';
  version: number;
};

export type ServiceAreaTree = ServiceArea & { subServices: ServiceArea[] };

export type ScopeChange = {
  id: string;
  areaName: string;
  reason: string;
  changedByName: string;
  changedAt: Date;
};

const SELECT = [
  'id',
  'exercise_id as exerciseId',
  'parent_id as parentId',
  'name',
  'description',
  'position',
  'status',
  'version',
];

export function createServiceAreaRepository(db: Knex) {
  return {
    async list(exerciseId: string, trx: Knex = db): Promise<ServiceArea[]> {
      return trx('service_areas').where({ exercise_id: exerciseId }).orderBy('position').select(SELECT);
    },

    async find(exerciseId: string, areaId: string, trx: Knex = db): Promise<ServiceArea | undefined> {
      if (!isUuid(areaId)) return undefined;
      return trx('service_areas')
        .where({ id: areaId, exercise_id: exerciseId })
        .first<ServiceArea | undefined>(SELECT);
    },

    async nameTaken(
      exerciseId: string,
      parentId: string | null,
      name: string,
      exceptId: string | null,
      trx: Knex,
    ) {
      const query = trx('service_areas')
        .where({ exercise_id: exerciseId })
        .whereRaw('lower(name) = lower(?)', [name])
        .where((q) => (parentId ? q.where('parent_id', parentId) : q.whereNull('parent_id')));
      if (exceptId) query.whereNot('id', exceptId);
      return Boolean(await query.first('id'));
    },

    async insert(
      area: Omit<ServiceArea, 'id' | 'position' | 'status' | 'version'>,
      trx: Knex,
    ): Promise<string> {
      // Serialise additions per exercise so that positions stay unique.
      await trx.raw('SELECT id FROM exercises WHERE id = ? FOR UPDATE', [area.exerciseId]);
      const [{ next }] = await trx('service_areas')
        .where({ exercise_id: area.exerciseId })
        .where((q) => (area.parentId ? q.where('parent_id', area.parentId) : q.whereNull('parent_id')))
        .max<{ next: number | null }[]>({ next: 'position' });
      const [{ id }] = await trx('service_areas')
        .insert({
          exercise_id: area.exerciseId,
          parent_id: area.parentId,
          name: area.name,
          description: area.description,
          position: (next ?? 0) + 1,
        })
        .returning<{ id: string }[]>('id');
      return id;
    },

    async update(
      areaId: string,
      expectedVersion: number,
      changes: Partial<Pick<ServiceArea, 'name' | 'description' | 'status' | 'position'>>,
      trx: Knex,
    ): Promise<boolean> {
      const updated = await trx('service_areas')
        .where({ id: areaId, version: expectedVersion })
        .update({ ...changes, version: trx.raw('version + 1'), updated_at: trx.fn.now() });
      return updated === 1;
    },

    async setPosition(areaId: string, position: number, trx: Knex): Promise<void> {
      await trx('service_areas').where({ id: areaId }).update({ position, updated_at: trx.fn.now() });
    },

    async delete(areaId: string, trx: Knex): Promise<void> {
      await trx('service_areas').where({ id: areaId }).delete();
    },

    async insertScopeChange(
      change: { exerciseId: string; areaId: string; reason: string; userId: string },
      trx: Knex,
    ) {
      await trx('scope_changes').insert({
        exercise_id: change.exerciseId,
        service_area_id: change.areaId,
        reason: change.reason,
        changed_by: change.userId,
      });
    },

    async scopeChanges(exerciseId: string): Promise<ScopeChange[]> {
      return db('scope_changes as c')
        .join('service_areas as a', 'a.id', 'c.service_area_id')
        .join('users as u', 'u.id', 'c.changed_by')
        .where('c.exercise_id', exerciseId)
        .orderBy('c.changed_at')
        .select(
          'c.id',
          'a.name as areaName',
          'c.reason',
          'u.name as changedByName',
          'c.changed_at as changedAt',
        );
    },
  };
}

export type ServiceAreaRepository = ReturnType<typeof createServiceAreaRepository>;

/** Areas in display order with their sub-services nested. */
export function toTree(areas: ServiceArea[]): ServiceAreaTree[] {
  const top = areas.filter((area) => !area.parentId).sort((a, b) => a.position - b.position);
  return top.map((area) => ({
    ...area,
    subServices: areas.filter((child) => child.parentId === area.id).sort((a, b) => a.position - b.position),
  }));
}
