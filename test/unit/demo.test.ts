import { describe, expect, it } from 'vitest';

import { loadShippedProfiles } from '../../main/demo/build-demo';
import { generateDemoMarket } from '../../main/demo/generate';
import { alignedToWeekdays, openEveryDay } from '../../main/demo/load-shapes';
import { demoPayments } from '../../main/demo/payments';
import { DEMO_TARIFF_ID } from '../../main/demo/tariff';
import { calculateCost } from '../../main/engine/tariff';
import { AccountCreate, ReferenceData } from '../../shared/account';
import { checkDefinitionReferences, WorkspaceDefinition } from '../../shared/definition';
import { checkTariff, Tariff } from '../../shared/tariff';
import { localHourOf } from '../../shared/time';
import { VirtualMeter } from '../../shared/virtual-meter';

const profiles = loadShippedProfiles();

describe('the demo market', () => {
  const market = generateDemoMarket({ key: 'prorata', seed: 2022, profiles });

  it('is deterministic for a seed and differs for another', () => {
    const again = generateDemoMarket({ key: 'prorata', seed: 2022, profiles });
    expect(JSON.stringify(again)).toBe(JSON.stringify(market));
    const other = generateDemoMarket({ key: 'prorata', seed: 7, profiles });
    expect(other.readings.map((r) => r.energyMilliWh)).not.toEqual(
      market.readings.map((r) => r.energyMilliWh),
    );
  });

  it('has a valid definition: 3+ prosumers (one also consuming), 8 consumers, unique names', () => {
    const def = WorkspaceDefinition.parse(market.definition);
    expect(checkDefinitionReferences(def)).toEqual({});
    const prosumers = def.participants.filter((p) => p.role === 'prosumer');
    expect(prosumers.length).toBeGreaterThanOrEqual(3);
    expect(def.participants.filter((p) => p.role === 'consumer')).toHaveLength(8);
    expect(new Set(def.participants.map((p) => p.name)).size).toBe(def.participants.length);
    expect(
      def.meters.some(
        (m) => m.direction === 'consumption' && prosumers.some((p) => p.id === m.participantId),
      ),
    ).toBe(true);
    expect(def.settings).toMatchObject({ timezone: 'Asia/Bangkok', currency: 'THB' });
  });

  it('covers every hour of 2022 for every meter', () => {
    for (const meter of market.definition.meters) {
      expect(market.readings.filter((r) => r.meterId === meter.id)).toHaveLength(8760);
    }
    expect(market.prices).toHaveLength(8760);
  });

  it('makes solar follow the sun and vary from day to day', () => {
    const pv = market.readings.filter((r) => r.meterId === 'p-sunrise-pv');
    const night = pv.filter((r) => [0, 1, 2, 3, 22, 23].includes(localHourOf(r.startUtc, 'Asia/Bangkok')));
    expect(night.every((r) => r.energyMilliWh === 0)).toBe(true);
    const noon = pv.filter((r) => localHourOf(r.startUtc, 'Asia/Bangkok') === 12).map((r) => r.energyMilliWh);
    expect(Math.min(...noon)).toBeGreaterThan(0);
    expect(Math.max(...noon) / Math.min(...noon)).toBeGreaterThan(2);
  });

  it('gives consumers distinct shapes', () => {
    const shape = (meterId: string) => {
      const byHour = new Array(24).fill(0);
      for (const r of market.readings.filter((x) => x.meterId === meterId))
        byHour[localHourOf(r.startUtc, 'Asia/Bangkok')] += r.energyMilliWh;
      const total = byHour.reduce((a, b) => a + b, 0);
      return byHour.map((v) => v / total);
    };
    const office = shape('c-office-main');
    const datacentre = shape('c-datacentre-main');
    expect(office[14]! / office[3]!).toBeGreaterThan(1.5);
    expect(datacentre[14]! / datacentre[3]!).toBeLessThan(1.2);
  });

  /** Mean kWh a day of a meter by local weekday (1 Monday … 7 Sunday), over the whole year. */
  const byWeekday = (meterId: string) => {
    const sums = new Array(8).fill(0);
    for (const r of market.readings.filter((x) => x.meterId === meterId)) {
      const weekday = new Date((r.startUtc + 7 * 3600) * 1000).getUTCDay() || 7;
      sums[weekday] += r.energyMilliWh / 1e6;
    }
    return sums.slice(1).map((kwh) => kwh / 52);
  };

  it('reads each shipped shape on the weekdays of 2022: offices close at the weekend, not on Fridays', () => {
    const office = byWeekday('c-office-main');
    const weekdays = office.slice(0, 5);
    expect(Math.min(...weekdays) / office[6]!).toBeGreaterThan(2); // Sunday closed
    expect(Math.min(...weekdays) / office[5]!).toBeGreaterThan(1.4); // Saturday half
    expect(Math.min(...weekdays) / Math.max(...weekdays)).toBeGreaterThan(0.9); // Friday a working day
    // The profile's day with the same weekday, at most six days away; a shape already aligned is kept.
    const ramp = Float64Array.from({ length: 8760 }, (_, i) => Math.floor(i / 24) + 1);
    const aligned = alignedToWeekdays(ramp, 7, 6); // a Sunday-first profile read on a Saturday-first year
    const day = (d: number) => Math.round((aligned[d * 24]! / aligned[0]!) * 7) - 1;
    expect([day(0), day(1), day(7), day(364)]).toEqual([6, 0, 6, 363]);
    expect(alignedToWeekdays(ramp, 6, 6)[48]! / alignedToWeekdays(ramp, 6, 6)[0]!).toBe(3);
  });

  it('follows the retail shape 7 days a week at the mall: no day of the week drops as if closed', () => {
    const mall = byWeekday('c-mall-main');
    expect(Math.min(...mall) / Math.max(...mall)).toBeGreaterThan(0.85);
    // Every day has the trading hours' shape: its busiest hour at least 3 times its quietest.
    const hours = market.readings.filter((r) => r.meterId === 'c-mall-main');
    for (let d = 0; d < 365; d++) {
      const day = hours.slice(d * 24, d * 24 + 24).map((r) => r.energyMilliWh);
      expect(Math.max(...day) / Math.min(...day), `day ${d}`).toBeGreaterThan(3);
    }
    // A day well below a normal one takes the nearest trading day's shape before it.
    const shape = Float64Array.from({ length: 8760 }, (_, i) => (Math.floor(i / 24) % 7 === 6 ? 0.5 : 1));
    const open = openEveryDay(shape);
    expect(new Set(open).size).toBe(1);
  });

  it('prices the grid with MEA’s small general service TOU tariff as published for 2022', () => {
    const tariff = Tariff.parse(market.tariff);
    expect(checkTariff(tariff)).toEqual({});
    expect(market.definition.utilityPlans.map((p) => p.versions.map((v) => v.rate))).toEqual([
      [{ type: 'tariff', masterTariffId: DEMO_TARIFF_ID }],
    ]);
    // The fuel adjustment (Ft) of each four-month period makes a version.
    const ftOf = (version: (typeof tariff.versions)[number]) => {
      const ft = version.rates.find((r) => r.tariffRateId === 'ft');
      return ft?.type === 'COST_PER_UNIT' ? ft.periods.map((p) => p.tiers[0]!.rate) : [];
    };
    expect(tariff.versions.map((v) => [v.effectiveFrom, v.effectiveTo, ftOf(v)])).toEqual([
      ['2022-01-01', '2022-05-01', ['0.0139', '0.0139']],
      ['2022-05-01', '2022-09-01', ['0.2477', '0.2477']],
      ['2022-09-01', undefined, ['0.9343', '0.9343']],
    ]);
    // A week of 1 kWh every hour in October: 13 peak hours (09:00–22:00) on each working day, the rest off-peak.
    const from = Date.UTC(2022, 9, 10, -7) / 1000; // Monday 10 October 2022, 00:00 in Bangkok
    const usage = Array.from({ length: 7 * 24 }, (_, h) => ({
      startUtc: from + h * 3600,
      endUtc: from + h * 3600 + 3600,
      energyMilliWh: 1_000_000,
    }));
    const bill = calculateCost(tariff, usage, { from, to: from + 7 * 86400, zone: 'Asia/Bangkok' });
    const cost = (rateId: string) =>
      bill.items.filter((i) => i.tariffRateId === rateId).reduce((sum, i) => sum + Number(i.cost), 0);
    // 13 October (Thursday) is King Bhumibol Memorial Day: off-peak all day.
    const peak = 4 * 13;
    expect(cost('energy')).toBeCloseTo(peak * 5.7982 + (168 - peak) * 2.6369, 4);
    expect(cost('ft')).toBeCloseTo(168 * 0.9343, 4);
    expect(cost('service')).toBeCloseTo((46.16 * 7) / 31, 4);
    expect(cost('vat')).toBeCloseTo(0.07 * (cost('energy') + cost('ft') + cost('service')), 4);
  });

  it('has the market’s reference data, an MEA account on the tariff for every site buying from the grid, and the mall split into tenants', () => {
    const reference = ReferenceData.parse(market.reference);
    expect(reference.utilities.map((u) => u.code)).toEqual(['EGAT', 'MEA', 'PEA']);
    const shipped = [
      'MidriseApartment',
      'PrimarySchool',
      'RetailStore',
      'SmallOffice',
      'Supermarket',
      'Warehouse',
    ];
    for (const utility of reference.utilities) {
      for (const list of [utility.load_zones, utility.rate_classes, utility.voltages])
        expect(list.length).toBeGreaterThan(0);
      expect(utility.load_profiles).toEqual(expect.arrayContaining(shipped.map((name) => `SF-${name}`)));
    }
    const profileCodes = new Set(market.loadProfiles.map((p) => p.code));
    const buyers = market.definition.utilityPlanAssignments.map((a) => a.participantId);
    expect(market.accounts.map((a) => a.participant_id).sort()).toEqual([...buyers].sort());
    for (const raw of market.accounts) {
      const account = AccountCreate.parse(raw);
      const utility = reference.utilities.find((u) => u.code === account.utility)!;
      expect(utility.load_zones).toContain(account.load_zone);
      expect(utility.rate_classes).toContain(account.rate_class);
      expect(utility.voltages).toContain(account.voltage);
      expect(utility.load_profiles).toContain(account.load_profile);
      expect(account.load_profile.startsWith('SF-') || profileCodes.has(account.load_profile)).toBe(true);
      expect(account.master_tariff_id).toBe(DEMO_TARIFF_ID);
      const meter = market.definition.meters.find((m) => m.id === account.meter_id)!;
      expect([meter.participantId, meter.direction]).toEqual([account.participant_id, 'consumption']);
    }
    // The tenants' shares add up to the whole incomer, which settles through them only.
    const tenants = market.virtualMeters.map((v) => VirtualMeter.parse({ id: v.meterId, ...v.meter }));
    expect(tenants.map((t) => t.participantId)).toEqual(['c-mall', 'c-mall', 'c-mall']);
    const shares = tenants.map(
      (t) => t.versions[0]!.use as { copyUseFromMeter: { meterId: string; percentage: string } },
    );
    expect(new Set(shares.map((s) => s.copyUseFromMeter.meterId))).toEqual(new Set(['c-mall-main']));
    expect(shares.reduce((sum, s) => sum + Number(s.copyUseFromMeter.percentage), 0)).toBe(100);
    expect(market.definition.meters.find((m) => m.id === 'c-mall-main')!.settles).toBe(false);
  });

  it('pays January to October a few days before they are due, leaving the school, November and December open', () => {
    const statements = ['c-office', 'c-school', 'c-warehouse', 'p-sunrise'].flatMap((participantId) =>
      Array.from({ length: 12 }, (_, m) => ({
        participantId,
        month: `2022-${String(m + 1).padStart(2, '0')}`,
        amount: m === 0 && participantId === 'p-sunrise' ? '0.00' : '1000.01',
        dueDate: new Date(Date.UTC(2022, m + 2, 0)).toISOString().slice(0, 10),
      })),
    );
    const payments = demoPayments(statements);
    expect(payments.filter((p) => p.participantId === 'c-school')).toEqual([]);
    expect(payments.some((p) => p.month >= '2022-11')).toBe(false);
    expect(payments.filter((p) => p.participantId === 'c-office').map((p) => p.month)).toHaveLength(10);
    expect(payments.find((p) => p.participantId === 'c-office' && p.month === '2022-01')).toEqual({
      participantId: 'c-office',
      month: '2022-01',
      paidOn: '2022-02-25',
      amount: '1000.01',
      reference: 'TRF-20220225-c-office',
    });
    // Nothing to pay on a statement of zero; the cold store pays September late and half of October.
    expect(payments.filter((p) => p.participantId === 'p-sunrise').map((p) => p.month)[0]).toBe('2022-02');
    const store = payments.filter((p) => p.participantId === 'c-warehouse');
    expect(store.find((p) => p.month === '2022-09')!.paidOn).toBe('2022-11-21');
    expect(store.find((p) => p.month === '2022-10')!.amount).toBe('500.00');
    expect(new Set(payments.map((p) => `${p.participantId}/${p.reference}`)).size).toBe(payments.length);
  });
});
