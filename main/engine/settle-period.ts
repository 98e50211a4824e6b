/**
 * Settles a period hour by hour (spec §3 and §4), as a pure function of fully
 * resolved inputs: per-participant hourly nets, pool memberships, offer terms,
 * grid prices and market prices. Produces every hourly line (traded pairs,
 * open market, unsold, grid) with its price and cost, and checks invariants
 * 1–3 on each hour; a run with any violation must not be published.
 */
import { allocateHour, type AllocationKey, type Buyer, type Supplier } from './allocation';
import { costTenThousandths, type Price } from './money';

export const ENGINE_VERSION = '1.0.0';

export type LineKind = 'traded' | 'open_market' | 'unsold' | 'grid';

export interface OfferTerms {
  price: Price;
  sellsToMarket: boolean;
  floor: Price;
  feedIn: Price;
}

export interface Membership {
  poolId: string;
  key: AllocationKey;
  rank?: number;
  share?: { numerator: number; denominator: number };
}

export interface PeriodInputs {
  /** UTC hour starts, ascending. */
  hours: number[];
  /** Participant ids, ascending (string order): allocation ties break on this order. */
  participantIds: string[];
  meterTypes: number[];
  /** meterType → per participant → per hour: Σ settling generation − Σ settling consumption, mWh. */
  nets: Map<number, Float64Array[]>;
  /** meterType → per hour: 1 when a settling meter had no reading (counted as zero under allow-gaps). */
  gaps: Map<number, Uint8Array>;
  membership(participant: number, hour: number): Membership | null;
  offer(participant: number, hour: number): OfferTerms | null;
  gridPrice(participant: number, hour: number): Price | null;
  marketPrice: (Price | null)[];
}

/** Lines held column by column: a month of a large pool is millions of lines. */
export interface Lines {
  hour: number[];
  meterType: number[];
  kind: LineKind[];
  generator: (string | null)[];
  consumer: (string | null)[];
  energy: number[];
  price: string[];
  cost: number[];
  gap: number[];
}

export interface SettlementProblem {
  hourStartUtc: number;
  participantId: string;
  message: string;
}

export interface PeriodResult {
  lines: Lines;
  /** Invariant violations and missing terms; any of them refuses the run. */
  problems: SettlementProblem[];
  /** Per meterType and hour: the allocation groups' exact floors, for audits and tests. */
  hoursSettled: number;
}

const MAX_PROBLEMS = 200;

/** Lines with no line yet: each column an empty list. */
export function emptyLines(): Lines {
  return {
    hour: [],
    meterType: [],
    kind: [],
    generator: [],
    consumer: [],
    energy: [],
    price: [],
    cost: [],
    gap: [],
  };
}

export function settlePeriod(inputs: PeriodInputs): PeriodResult {
  const lines = emptyLines();
  const problems: SettlementProblem[] = [];
  const problem = (hourStartUtc: number, participantId: string, message: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push({ hourStartUtc, participantId, message });
  };
  const push = (
    hour: number,
    meterType: number,
    kind: LineKind,
    generator: string | null,
    consumer: string | null,
    energy: number,
    price: Price,
    gap: number,
  ) => {
    lines.hour.push(hour);
    lines.meterType.push(meterType);
    lines.kind.push(kind);
    lines.generator.push(generator);
    lines.consumer.push(consumer);
    lines.energy.push(energy);
    lines.price.push(price.text);
    lines.cost.push(costTenThousandths(energy, price));
    lines.gap.push(gap);
  };

  const ids = inputs.participantIds;
  let hoursSettled = 0;
  for (const meterType of inputs.meterTypes) {
    const nets = inputs.nets.get(meterType)!;
    const gaps = inputs.gaps.get(meterType);
    for (let h = 0; h < inputs.hours.length; h++) {
      const hourStart = inputs.hours[h]!;
      const gap = gaps?.[h] ?? 0;
      // Group the hour's active participants by pool; outside any pool a participant trades with nobody.
      const pools = new Map<
        string,
        {
          key: AllocationKey;
          suppliers: Supplier[];
          supplierIndex: number[];
          buyers: Buyer[];
          buyerIndex: number[];
        }
      >();
      for (let p = 0; p < ids.length; p++) {
        const net = nets[p]![h]!;
        if (net === 0) continue;
        const membership = inputs.membership(p, h);
        const poolKey = membership ? `pool:${membership.poolId}` : `alone:${ids[p]}`;
        let pool = pools.get(poolKey);
        if (!pool) {
          pool = {
            key: membership?.key ?? 'prorata',
            suppliers: [],
            supplierIndex: [],
            buyers: [],
            buyerIndex: [],
          };
          pools.set(poolKey, pool);
        }
        if (net > 0) {
          pool.suppliers.push({ id: ids[p]!, supply: net });
          pool.supplierIndex.push(p);
        } else {
          pool.buyers.push({
            id: ids[p]!,
            load: -net,
            ...(membership?.rank !== undefined ? { rank: membership.rank } : {}),
            ...(membership?.share ? { share: membership.share } : {}),
          });
          pool.buyerIndex.push(p);
        }
      }

      for (const pool of pools.values()) {
        const { allocation, groups } = allocateHour(pool.key, pool.suppliers, pool.buyers);
        const n = pool.buyers.length;
        const bought = new Float64Array(n);
        const offers = pool.supplierIndex.map((p) => inputs.offer(p, h));

        for (let g = 0; g < pool.suppliers.length; g++) {
          const supplier = pool.suppliers[g]!;
          const offer = offers[g];
          let sold = 0;
          for (let c = 0; c < n; c++) {
            const energy = allocation[g * n + c]!;
            if (energy === 0) continue;
            if (energy < 0)
              problem(
                hourStart,
                supplier.id,
                `allocated ${energy} mWh to ${pool.buyers[c]!.id}: negative (invariant 1)`,
              );
            sold += energy;
            bought[c]! += energy;
            if (offer)
              push(hourStart, meterType, 'traded', supplier.id, pool.buyers[c]!.id, energy, offer.price, gap);
          }
          const leftover = supplier.supply - sold;
          if (leftover < 0) {
            problem(
              hourStart,
              supplier.id,
              `allocated ${sold} mWh of a supply of ${supplier.supply} mWh (invariant 1)`,
            );
            continue;
          }
          if (!offer) {
            problem(
              hourStart,
              supplier.id,
              `has ${supplier.supply} mWh of supply but no offer plan in force`,
            );
            continue;
          }
          if (leftover === 0) continue;
          const market = inputs.marketPrice[h] ?? null;
          const toMarket =
            offer.sellsToMarket &&
            market !== null &&
            market.units * offer.floor.scale >= offer.floor.units * market.scale;
          if (toMarket) push(hourStart, meterType, 'open_market', supplier.id, null, leftover, market, gap);
          else push(hourStart, meterType, 'unsold', supplier.id, null, leftover, offer.feedIn, gap);
        }

        for (let c = 0; c < n; c++) {
          const buyer = pool.buyers[c]!;
          const grid = buyer.load - bought[c]!;
          if (grid < 0) {
            problem(
              hourStart,
              buyer.id,
              `received ${bought[c]} mWh for a load of ${buyer.load} mWh (invariant 2)`,
            );
            continue;
          }
          if (grid === 0) continue;
          const price = inputs.gridPrice(pool.buyerIndex[c]!, h);
          if (!price) {
            problem(hourStart, buyer.id, `buys ${grid} mWh from the grid but has no utility plan in force`);
            continue;
          }
          push(hourStart, meterType, 'grid', null, buyer.id, grid, price, gap);
        }

        // Invariant 3: the traded total is within (#generators + #consumers) mWh of floor(Σ exact a_gc), per group.
        for (const group of groups) {
          const tolerance = group.generators + group.consumers;
          if (group.allocated > group.exactFloor || group.exactFloor - group.allocated > tolerance) {
            problem(
              hourStart,
              pool.suppliers[0]?.id ?? pool.buyers[0]?.id ?? '',
              `traded ${group.allocated} mWh against an exact floor of ${group.exactFloor} mWh (invariant 3)`,
            );
          }
        }
      }
      hoursSettled++;
    }
  }
  return { lines, problems, hoursSettled };
}
