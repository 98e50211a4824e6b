/**
 * Hourly allocation of supply to load inside one pool (spec §3): the three
 * keys and the normative rounding to whole mWh. Pure and deterministic: the
 * result depends only on the (id-sorted) inputs, never on insertion order,
 * locale, clock or platform.
 *
 * Each key yields an exact rational a_gc per generator–consumer pair, held as
 * floor + remainder/denominator. Rounding: every pair gets its floor; the
 * units still to place, floor(Σ a_gc) − Σ floor(a_gc), go one at a time to
 * pairs in descending order of fractional part (ties: generator id, then
 * consumer id), at most one per pair, skipping pairs whose generator or
 * consumer is already at its cap; a pair whose exact value is whole never
 * takes one (it would stop being floor or ceil of its value).
 */
import { compareFractions, mulDivMod, mulDivModInto } from './exact';

export type AllocationKey = 'prorata' | 'priority' | 'static';

export interface Supplier {
  id: string;
  /** P_g in mWh, > 0. */
  supply: number;
}

export interface Buyer {
  id: string;
  /** L_c in mWh, > 0. */
  load: number;
  /** Priority rank (1 first); buyers without one come after every ranked buyer. */
  rank?: number;
  /** Static share k_c as an exact fraction; a buyer without one gets nothing under `static`. */
  share?: { numerator: number; denominator: number };
}

export interface AllocationGroup {
  /** floor of the group's exact traded total (invariant 3). */
  exactFloor: number;
  /** What the rounding placed. */
  allocated: number;
  generators: number;
  consumers: number;
}

export interface HourAllocation {
  /** a_gc at [g * buyers.length + c], whole mWh. */
  allocation: Float64Array;
  /** Exact values for audit tests: floor, remainder, denominator per pair. */
  groups: AllocationGroup[];
}

interface PairSet {
  /** Pair indexes into the allocation array, in (generator id, consumer id) order. */
  index: number[];
  generator: number[];
  consumer: number[];
  quotient: number[];
  remainder: number[];
  denominator: number[];
}

function newPairSet(): PairSet {
  return { index: [], generator: [], consumer: [], quotient: [], remainder: [], denominator: [] };
}

/**
 * Gives every pair its floor, then places `units` more per the normative rule.
 * `generatorRoom[g]` / `consumerRoom[c]` are what each side can still take.
 */
function roundPairs(
  pairs: PairSet,
  units: number,
  allocation: Float64Array,
  generatorRoom: Float64Array,
  consumerRoom: Float64Array,
): number {
  let allocated = 0;
  const count = pairs.index.length;
  for (let i = 0; i < count; i++) {
    const q = pairs.quotient[i]!;
    allocation[pairs.index[i]!]! += q;
    generatorRoom[pairs.generator[i]!]! -= q;
    consumerRoom[pairs.consumer[i]!]! -= q;
    allocated += q;
  }
  if (units <= 0) return allocated;

  const order: number[] = [];
  for (let i = 0; i < count; i++) if (pairs.remainder[i]! > 0) order.push(i);
  order.sort(
    (a, b) =>
      compareFractions(
        pairs.remainder[b]!,
        pairs.denominator[b]!,
        pairs.remainder[a]!,
        pairs.denominator[a]!,
      ) || a - b,
  );

  for (let k = 0; k < order.length && units > 0; k++) {
    const i = order[k]!;
    const g = pairs.generator[i]!;
    const c = pairs.consumer[i]!;
    if (generatorRoom[g]! <= 0 || consumerRoom[c]! <= 0) continue;
    allocation[pairs.index[i]!]! += 1;
    generatorRoom[g]! -= 1;
    consumerRoom[c]! -= 1;
    allocated += 1;
    units -= 1;
  }
  return allocated;
}

// Scratch buffers reused across hours (the engine is synchronous and prorataGroup never nests),
// so a year of hours does not allocate tens of thousands of short-lived typed arrays.
const QR = new Float64Array(2);
const floatBuffers: Float64Array[] = [];
const intBuffers: Int32Array[] = [];
function scratchFloat(slot: number, length: number): Float64Array {
  if ((floatBuffers[slot]?.length ?? -1) < length)
    floatBuffers[slot] = new Float64Array(Math.max(length, 1024));
  return floatBuffers[slot]!.subarray(0, length);
}
function scratchInt(slot: number, length: number): Int32Array {
  if ((intBuffers[slot]?.length ?? -1) < length) intBuffers[slot] = new Int32Array(Math.max(length, 1024));
  return intBuffers[slot]!.subarray(0, length);
}

/**
 * prorata over the given buyers from `supply` (remaining supply per generator).
 * This is the hot path of a settlement (every pair of every hour), so it keeps
 * to typed arrays and exact double arithmetic (exact.ts), and places the
 * rounding units by selection rather than a full sort whenever the selected
 * pairs fit their caps (then the order among them cannot matter).
 */
function prorataGroup(
  suppliers: Supplier[],
  supply: Float64Array,
  buyers: Buyer[],
  buyerIndexes: number[],
  allocation: Float64Array,
): AllocationGroup {
  let S = 0;
  let activeGenerators = 0;
  for (let g = 0; g < suppliers.length; g++) {
    S += supply[g]!;
    if (supply[g]! > 0) activeGenerators++;
  }
  let D = 0;
  const loads = scratchFloat(2, buyerIndexes.length);
  for (let b = 0; b < buyerIndexes.length; b++) {
    loads[b] = buyers[buyerIndexes[b]!]!.load;
    D += loads[b]!;
  }
  const group: AllocationGroup = {
    exactFloor: 0,
    allocated: 0,
    generators: activeGenerators,
    consumers: buyerIndexes.length,
  };
  if (S === 0 || D === 0) return group;
  // a_gc = T·(P_g/S)·(L_c/D) = P_g·L_c / max(S, D), since T = min(S, D); Σ a_gc = T exactly.
  const M = Math.max(S, D);
  const T = Math.min(S, D);
  const n = buyers.length;
  const pairCount = activeGenerators * buyerIndexes.length;
  const remainder = scratchFloat(0, pairCount);
  const pairGenerator = scratchInt(0, pairCount);
  const pairConsumer = scratchInt(1, pairCount);
  const generatorRoom = Float64Array.from(supply);
  const consumerRoom = new Float64Array(n);
  for (const c of buyerIndexes) consumerRoom[c] = buyers[c]!.load;
  const qr = QR;
  let floorSum = 0;
  let i = 0;
  for (let g = 0; g < suppliers.length; g++) {
    const P = supply[g]!;
    if (P <= 0) continue;
    for (let b = 0; b < buyerIndexes.length; b++) {
      const c = buyerIndexes[b]!;
      mulDivModInto(P, loads[b]!, M, qr);
      const q = qr[0]!;
      allocation[g * n + c]! += q;
      generatorRoom[g]! -= q;
      consumerRoom[c]! -= q;
      floorSum += q;
      remainder[i] = qr[1]!;
      pairGenerator[i] = g;
      pairConsumer[i] = c;
      i++;
    }
  }
  let units = T - floorSum;
  group.exactFloor = T;
  group.allocated = floorSum;
  if (units <= 0) return group;

  // One side is always tight: when S ≥ D each consumer's exact values sum to its whole load, so it has
  // room for exactly k_c = Σ_g r_gc / M units (when S ≤ D, each generator for k_g). The one-at-a-time
  // rule then gives every tight line its k best-ranked pairs, unless that would overfill the other
  // side; if it would, fall back to walking the full ranking.
  if (
    fillTightLines(
      S >= D,
      activeGenerators,
      buyerIndexes.length,
      M,
      units,
      remainder,
      pairGenerator,
      pairConsumer,
      generatorRoom,
      consumerRoom,
      allocation,
      n,
    )
  ) {
    group.allocated += units;
    return group;
  }
  const candidates = new Int32Array(pairCount);
  let count = 0;
  for (let p = 0; p < pairCount; p++) if (remainder[p]! > 0) candidates[count++] = p;
  const ranked = candidates.subarray(0, count);
  // Some pair would hit a cap: walk the full ranking one unit at a time, skipping full sides.
  const order = rankAll(ranked, remainder);
  for (let k = 0; k < order.length && units > 0; k++) {
    const pair = order[k]!;
    const g = pairGenerator[pair]!;
    const c = pairConsumer[pair]!;
    if (generatorRoom[g]! <= 0 || consumerRoom[c]! <= 0) continue;
    allocation[g * n + c]! += 1;
    generatorRoom[g]! -= 1;
    consumerRoom[c]! -= 1;
    group.allocated += 1;
    units -= 1;
  }
  return group;
}

const TIE_SPACE = 2 ** 20;
const PACKABLE_REMAINDER = 2 ** 33;

/**
 * The candidates in rank order. When remainders and pair numbers fit, each
 * pair becomes one exact double (remainder · 2^20 + reversed pair number) and
 * the native numeric sort of a Float64Array does the work; otherwise a
 * comparator sort.
 */
function rankAll(candidates: Int32Array, remainder: Float64Array): ArrayLike<number> {
  let packable = candidates.length < TIE_SPACE;
  for (let k = 0; k < candidates.length && packable; k++)
    if (remainder[candidates[k]!]! >= PACKABLE_REMAINDER) packable = false;
  if (!packable) return Array.from(candidates).sort((a, b) => remainder[b]! - remainder[a]! || a - b);
  const keys = new Float64Array(candidates.length);
  for (let k = 0; k < candidates.length; k++) {
    const pair = candidates[k]!;
    keys[k] = remainder[pair]! * TIE_SPACE + (TIE_SPACE - 1 - pair);
  }
  keys.sort();
  const order = new Int32Array(candidates.length);
  for (let k = 0; k < keys.length; k++) order[k] = TIE_SPACE - 1 - (keys[keys.length - 1 - k]! % TIE_SPACE);
  return order;
}

/**
 * Gives each tight line (consumer columns when `consumersTight`, else
 * generator rows) its k best-ranked pairs, if together they fit the other
 * side's room. Returns false, changing nothing, when they do not.
 */
function fillTightLines(
  consumersTight: boolean,
  generators: number,
  consumers: number,
  M: number,
  units: number,
  remainder: Float64Array,
  pairGenerator: Int32Array,
  pairConsumer: Int32Array,
  generatorRoom: Float64Array,
  consumerRoom: Float64Array,
  allocation: Float64Array,
  n: number,
): boolean {
  const lines = consumersTight ? consumers : generators;
  const length = consumersTight ? generators : consumers;
  if (M * length >= 2 ** 53) return false;
  const picked = scratchInt(2, units);
  let pickedCount = 0;
  const scratch = scratchInt(3, length);
  for (let line = 0; line < lines; line++) {
    let sum = 0;
    let candidates = 0;
    for (let j = 0; j < length; j++) {
      const pair = consumersTight ? j * consumers + line : line * consumers + j;
      const r = remainder[pair]!;
      sum += r;
      if (r > 0) scratch[candidates++] = pair;
    }
    const k = sum / M;
    if (!Number.isInteger(k) || k > candidates || pickedCount + k > units) return false;
    if (k === 0) continue;
    const ranked = scratch.subarray(0, candidates);
    if (k < candidates) selectFirst(ranked, k, remainder);
    for (let t = 0; t < k; t++) picked[pickedCount++] = ranked[t]!;
  }
  if (pickedCount !== units) return false;
  // The other side must have room for what its pairs were given.
  const take = scratchFloat(1, consumersTight ? generatorRoom.length : consumerRoom.length).fill(0);
  for (let t = 0; t < pickedCount; t++) {
    const pair = picked[t]!;
    if (consumersTight) {
      const g = pairGenerator[pair]!;
      if (++take[g]! > generatorRoom[g]!) return false;
    } else {
      const c = pairConsumer[pair]!;
      if (++take[c]! > consumerRoom[c]!) return false;
    }
  }
  for (let t = 0; t < pickedCount; t++) {
    const pair = picked[t]!;
    allocation[pairGenerator[pair]! * n + pairConsumer[pair]!]! += 1;
  }
  return true;
}

/** True when pair a ranks before pair b: larger remainder first, then earlier pair (generator id, consumer id). */
function ranksBefore(a: number, b: number, remainder: Float64Array): boolean {
  const ra = remainder[a]!;
  const rb = remainder[b]!;
  return ra > rb || (ra === rb && a < b);
}

/**
 * Rearranges `pairs` so the `count` best-ranked come first (in any order):
 * quickselect, O(n) on average, instead of sorting every hour's pairs.
 */
function selectFirst(pairs: Int32Array, count: number, remainder: Float64Array): void {
  let low = 0;
  let high = pairs.length - 1;
  const target = count - 1;
  while (high > low) {
    const pivot = pairs[(low + high) >>> 1]!;
    let i = low;
    let j = high;
    while (i <= j) {
      while (ranksBefore(pairs[i]!, pivot, remainder)) i++;
      while (ranksBefore(pivot, pairs[j]!, remainder)) j--;
      if (i <= j) {
        const t = pairs[i]!;
        pairs[i] = pairs[j]!;
        pairs[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) high = j;
    else if (target >= i) low = i;
    else return;
  }
}

function staticGroup(suppliers: Supplier[], buyers: Buyer[], allocation: Float64Array): AllocationGroup {
  const S = suppliers.reduce((sum, s) => sum + s.supply, 0);
  const group: AllocationGroup = {
    exactFloor: 0,
    allocated: 0,
    generators: suppliers.length,
    consumers: buyers.length,
  };
  if (S === 0) return group;
  const n = buyers.length;
  const pairs = newPairSet();
  let floorSum = 0n;
  // Σ a_gc, kept exact as Σ over denominators of (Σ remainders) / denominator, plus Σ floors.
  const remainderSums = new Map<number, bigint>();
  // Capped when k_c·S > L_c: the consumer takes its whole load, split ∝ P_g.
  const capped = buyers.map(
    (b) => !!b.share && BigInt(b.share.numerator) * BigInt(S) > BigInt(b.load) * BigInt(b.share.denominator),
  );
  // Pairs in (generator id, consumer id) order, which the tie-break relies on.
  for (let g = 0; g < suppliers.length; g++) {
    const P = suppliers[g]!.supply;
    for (let c = 0; c < n; c++) {
      const buyer = buyers[c]!;
      if (!buyer.share || buyer.share.numerator === 0) continue;
      const { numerator: kn, denominator: kd } = buyer.share;
      const { quotient, remainder } = capped[c] ? mulDivMod(P, buyer.load, S) : mulDivMod(kn, P, kd);
      const denominator = capped[c] ? S : kd;
      pairs.index.push(g * n + c);
      pairs.generator.push(g);
      pairs.consumer.push(c);
      pairs.quotient.push(quotient);
      pairs.remainder.push(remainder);
      pairs.denominator.push(denominator);
      floorSum += BigInt(quotient);
      remainderSums.set(denominator, (remainderSums.get(denominator) ?? 0n) + BigInt(remainder));
    }
  }
  let fractionFloor = 0n;
  let carry = { numerator: 0n, denominator: 1n };
  for (const [denominator, sum] of remainderSums) {
    fractionFloor += sum / BigInt(denominator);
    const rest = sum % BigInt(denominator);
    carry = {
      numerator: carry.numerator * BigInt(denominator) + rest * carry.denominator,
      denominator: carry.denominator * BigInt(denominator),
    };
  }
  fractionFloor += carry.numerator / carry.denominator;
  const generatorRoom = Float64Array.from(suppliers.map((s) => s.supply));
  const consumerRoom = Float64Array.from(buyers.map((b) => b.load));
  group.exactFloor = Number(floorSum + fractionFloor);
  group.allocated = roundPairs(pairs, Number(fractionFloor), allocation, generatorRoom, consumerRoom);
  return group;
}

/**
 * Allocates one hour. `suppliers` and `buyers` must be sorted by id (ascending
 * string order); the caller (settlement) guarantees it.
 */
export function allocateHour(key: AllocationKey, suppliers: Supplier[], buyers: Buyer[]): HourAllocation {
  const allocation = new Float64Array(suppliers.length * buyers.length);
  if (suppliers.length === 0 || buyers.length === 0) return { allocation, groups: [] };
  if (key === 'static') return { allocation, groups: [staticGroup(suppliers, buyers, allocation)] };
  const supply = Float64Array.from(suppliers.map((s) => s.supply));
  if (key === 'prorata') {
    return {
      allocation,
      groups: [
        prorataGroup(
          suppliers,
          supply,
          buyers,
          buyers.map((_, c) => c),
          allocation,
        ),
      ],
    };
  }
  // priority: rank by rank, each from what the ranks before it left (integers, after rounding).
  const ranks = [...new Set(buyers.map((b) => b.rank ?? Number.MAX_SAFE_INTEGER))].sort((a, b) => a - b);
  const groups: AllocationGroup[] = [];
  const n = buyers.length;
  for (const rank of ranks) {
    const members = buyers.flatMap((b, c) => ((b.rank ?? Number.MAX_SAFE_INTEGER) === rank ? [c] : []));
    const before = members.map((c) => suppliers.map((_, g) => allocation[g * n + c]!));
    groups.push(prorataGroup(suppliers, supply, buyers, members, allocation));
    members.forEach((c, m) => {
      for (let g = 0; g < suppliers.length; g++) supply[g]! -= allocation[g * n + c]! - before[m]![g]!;
    });
  }
  return { allocation, groups };
}
