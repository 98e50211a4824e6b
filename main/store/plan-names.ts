/**
 * The plan names the views print beside a participant: a generator's offer plan (its plan
 * name, provider name and energy type) and the utility plan assigned to a consumer on a day.
 * Read only; which one a view shows, and what it falls back to, is decided above.
 */
import type { Store } from './store';

export interface PlanNameRow {
  plan_name: string;
  provider_name: string;
  energy_type: string;
}

/** A generator's first offer plan (by id), or undefined when it has none. */
export async function offerPlanNames(db: Store, generatorId: string): Promise<PlanNameRow | undefined> {
  return db.get<PlanNameRow>(
    'SELECT plan_name, provider_name, energy_type FROM offer_plans WHERE participant_id = ? ORDER BY id LIMIT 1',
    [generatorId],
  );
}

/** The utility plan assigned to a consumer latest on or before `day` (YYYY-MM-DD), or undefined. */
export async function utilityPlanNamesOn(
  db: Store,
  consumerId: string,
  day: string,
): Promise<PlanNameRow | undefined> {
  return db.get<PlanNameRow>(
    `SELECT u.plan_name, u.provider_name, u.energy_type FROM utility_plan_assignments a JOIN utility_plans u ON u.id = a.utility_plan_id
     WHERE a.participant_id = ? AND a.effective_from <= ? ORDER BY a.effective_from DESC LIMIT 1`,
    [consumerId, day],
  );
}
