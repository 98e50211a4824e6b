import { describe, expect, it } from 'vitest';

import { loadShippedProfiles } from '../../main/demo/build-demo';
import { generateDemoMarket } from '../../main/demo/generate';
import { checkDefinitionReferences, WorkspaceDefinition } from '../../shared/definition';
import { localHourOf } from '../../shared/time';

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
});
