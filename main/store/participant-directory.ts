/**
 * Participants looked up by the API, the statements, the views, the payments and the importers:
 * the list by name (`participants:list`), one by id, every one's id, name and role, or just
 * which ids exist. Each function is one read
 * of the participants table, returning plain rows; what a caller makes of them stays above.
 */
import type { Store, WriteTransaction } from './store';

type Reader = Pick<Store, 'all'> | WriteTransaction;

export interface ParticipantRow {
  id: string;
  name: string;
  role: string;
}

/** Participant `id` with its name and role, or undefined when there is none. */
export async function participantById(db: Store, id: string): Promise<ParticipantRow | undefined> {
  return db.get<ParticipantRow>('SELECT id, name, role FROM participants WHERE id = ?', [id]);
}

/** True when participant `id` exists. */
export async function participantExists(db: Store, id: string): Promise<boolean> {
  return (await db.get('SELECT id FROM participants WHERE id = ?', [id])) !== undefined;
}

/** Every participant's id and name (in no particular order). */
export async function participantNames(db: Reader): Promise<{ id: string; name: string }[]> {
  return db.all<{ id: string; name: string }>('SELECT id, name FROM participants');
}

/** Every participant, by id. */
export async function participantsInOrder(db: Store): Promise<ParticipantRow[]> {
  return db.all<ParticipantRow>('SELECT id, name, role FROM participants ORDER BY id');
}

/** Every participant's id. */
export async function participantIds(db: Reader): Promise<string[]> {
  return (await db.all<{ id: string }>('SELECT id FROM participants')).map((p) => p.id);
}

/** The role of participant `id`, or undefined when there is none. */
export async function participantRole(db: Reader, id: string): Promise<string | undefined> {
  const [row] = await db.all<{ role: string }>('SELECT role FROM participants WHERE id = ?', [id]);
  return row?.role;
}

export interface ListedParticipant {
  id: string;
  name: string;
  role: 'consumer' | 'prosumer';
}

/** Every participant, by name then id. */
export async function participantsByName(db: Store): Promise<ListedParticipant[]> {
  return db.all<ListedParticipant>('SELECT id, name, role FROM participants ORDER BY name, id');
}
