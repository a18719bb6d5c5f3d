import type { Database } from '../../db/client.js';
import { levels } from '../../db/schema.js';
import { NotFoundError } from '../../shared/errors.js';
import type { Actor } from '../accounts/index.js';
import { requireProgramOrganiser } from './policy.js';
import {
  createCategory,
  deleteCategory,
  listCategories,
  moveCategory,
  renameCategory,
  type CategoryItem,
  type CategoryKind,
  type Direction,
  type EventRef,
} from './tracks.js';

/**
 * Levels (Beginner, Intermediate, Advanced, …): named and ordered like tracks, with stable
 * slugs (the public program filters by ?level=slug).
 */

export const LEVEL_KIND: CategoryKind = { table: levels, talkField: 'levelId', word: 'level' };

export async function listLevels(db: Database, actor: Actor | undefined, event: EventRef): Promise<CategoryItem[]> {
  requireProgramOrganiser(actor, event);
  return listCategories(db, LEVEL_KIND, event.id);
}

export async function getLevel(
  db: Database,
  actor: Actor | undefined,
  event: EventRef,
  levelId: number,
): Promise<CategoryItem> {
  const found = (await listLevels(db, actor, event)).find((level) => level.id === levelId);
  if (!found) throw new NotFoundError(`${event.name} has no such level.`);
  return found;
}

export async function createLevel(
  db: Database,
  actor: Actor | undefined,
  event: EventRef,
  input: { name: string },
): Promise<CategoryItem> {
  requireProgramOrganiser(actor, event);
  return createCategory(db, LEVEL_KIND, event, input);
}

export async function renameLevel(
  db: Database,
  actor: Actor | undefined,
  event: EventRef,
  levelId: number,
  input: { name: string },
): Promise<CategoryItem> {
  requireProgramOrganiser(actor, event);
  return renameCategory(db, LEVEL_KIND, event, levelId, input);
}

export async function moveLevel(
  db: Database,
  actor: Actor | undefined,
  event: EventRef,
  levelId: number,
  direction: Direction,
): Promise<void> {
  requireProgramOrganiser(actor, event);
  await moveCategory(db, LEVEL_KIND, event, levelId, direction);
}

/** Deletes a level; its talks move to `moveTo`, which is required when it has any. */
export async function deleteLevel(
  db: Database,
  actor: Actor | undefined,
  event: EventRef,
  levelId: number,
  input: { moveTo?: number | undefined },
): Promise<{ deleted: CategoryItem; movedTo: CategoryItem | undefined }> {
  requireProgramOrganiser(actor, event);
  return deleteCategory(db, LEVEL_KIND, event, levelId, input.moveTo);
}
