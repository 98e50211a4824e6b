/**
 * Meters as stored, one column set at a time: the list the API shows, a meter's unit, name,
 * commodity, owner and direction (what a reference to it is checked against), the one flag
 * the API changes on its own (whether a meter settles), which ids exist as the importers and
 * the readings export see them, and the meters an import creates inside its own transaction
 * (so a rejected file takes them with it). Virtual meters' definitions are in
 * virtual-meter-repository.ts; the whole definition is written by definition-repository.ts.
 */
import type { MeterRow } from './definition-repository';
import type { Store, WriteTransaction } from './store';

/** The meters, of one participant or (participantId null) of all, by participant then id. */
export async function listMeters(db: Store, participantId: string | null): Promise<MeterRow[]> {
  return db.all<MeterRow>(
    `SELECT id, participant_id, name, meter_type, direction, settles, commodity, unit FROM meters
       WHERE (? IS NULL OR participant_id = ?) ORDER BY participant_id, id`,
    [participantId, participantId],
  );
}

/** A meter's id and unit (`Wh` for electricity), or undefined when it does not exist. */
export async function meterUnit(
  db: Store,
  meterId: string,
): Promise<Pick<MeterRow, 'id' | 'unit'> | undefined> {
  return db.get<Pick<MeterRow, 'id' | 'unit'>>('SELECT id, unit FROM meters WHERE id = ?', [meterId]);
}

/** A meter's name (null when it has none), or undefined when it does not exist. */
export async function meterName(db: Store, meterId: string): Promise<{ name: string | null } | undefined> {
  return db.get<{ name: string | null }>('SELECT name FROM meters WHERE id = ?', [meterId]);
}

/** A meter's commodity, or undefined when it does not exist. */
export async function meterCommodity(db: Store, meterId: string): Promise<{ commodity: string } | undefined> {
  return db.get<{ commodity: string }>('SELECT commodity FROM meters WHERE id = ?', [meterId]);
}

/** A meter's owner, direction and commodity, or undefined when it does not exist. */
export async function meterOwnerAndKind(
  db: Store,
  meterId: string,
): Promise<{ participant_id: string; direction: string; commodity: string } | undefined> {
  return db.get<{ participant_id: string; direction: string; commodity: string }>(
    'SELECT participant_id, direction, commodity FROM meters WHERE id = ?',
    [meterId],
  );
}

export async function setMeterSettles(
  tx: WriteTransaction,
  meterId: string,
  settles: boolean,
): Promise<void> {
  await tx.run('UPDATE meters SET settles = ? WHERE id = ?', [settles ? 1 : 0, meterId]);
}

type Reader = Pick<Store, 'all'> | WriteTransaction;

/** Every meter's id. */
export async function meterIds(db: Reader): Promise<string[]> {
  return (await db.all<{ id: string }>('SELECT id FROM meters')).map((m) => m.id);
}

/** Every meter's id, in id order. */
export async function meterIdsInOrder(db: Reader): Promise<string[]> {
  return (await db.all<{ id: string }>('SELECT id FROM meters ORDER BY id')).map((m) => m.id);
}

/** The ids of the meters that measure electricity. */
export async function electricityMeterIds(db: Reader): Promise<string[]> {
  return (await db.all<{ id: string }>("SELECT id FROM meters WHERE commodity = 'electricity'")).map(
    (m) => m.id,
  );
}

export interface MeterKindRow {
  id: string;
  commodity: string;
  unit: string;
  direction: string;
}

/** Every meter with what it measures, its unit and its direction. */
export async function meterKinds(db: Reader): Promise<MeterKindRow[]> {
  return db.all<MeterKindRow>('SELECT id, commodity, unit, direction FROM meters');
}

/** Creates a physical, settling meter for a readings file's unknown meter id (mapping.createMeters). */
export async function createImportedMeter(
  tx: WriteTransaction,
  meter: { id: string; participantId: string; meterType: number; direction: string },
): Promise<void> {
  await tx.run(
    'INSERT INTO meters (id, participant_id, meter_type, direction, is_virtual, settles) VALUES (?, ?, ?, ?, 0, 1)',
    [meter.id, meter.participantId, meter.meterType, meter.direction],
  );
}

/** Creates a physical meter of type 1 for a Green Button usage point's reading type (settles when electric). */
export async function createGreenButtonMeter(
  tx: WriteTransaction,
  meter: {
    id: string;
    participantId: string;
    name: string | null;
    direction: string;
    settles: boolean;
    commodity: string;
    unit: string;
  },
): Promise<void> {
  await tx.run(
    'INSERT INTO meters (id, participant_id, name, meter_type, direction, is_virtual, settles, commodity, unit) VALUES (?, ?, ?, 1, ?, 0, ?, ?, ?)',
    [
      meter.id,
      meter.participantId,
      meter.name,
      meter.direction,
      meter.settles ? 1 : 0,
      meter.commodity,
      meter.unit,
    ],
  );
}
