/**
 * The demo market's workspace definition (see generate.ts): settings, participants, meters
 * (the mall's incomer settling through its tenants instead), the pool on the chosen allocation
 * key, the prosumers' offer plans, and EGAT's brown plan priced by the demo's MEA tariff.
 */
import type { WorkspaceDefinition } from '../../shared/definition';

import type { AllocationKeyName } from './market-types';
import { consumers, DEMO_YEAR, MALL_TENANTS, prosumers, TIMEZONE } from './sites';
import { DEMO_TARIFF_ID } from './tariff';

export function demoDefinition(options: { key: AllocationKeyName }): WorkspaceDefinition {
  const poolMembers = [
    ...prosumers.map((p) => ({ participantId: p.id, effectiveFrom: `${DEMO_YEAR}-01-01` })),
    ...consumers.map((c) => ({
      participantId: c.id,
      effectiveFrom: `${DEMO_YEAR}-01-01`,
      ...(options.key === 'priority' ? { rank: c.rank } : {}),
      ...(options.key === 'static' ? { share: c.share } : {}),
    })),
  ];

  const definition: WorkspaceDefinition = {
    format: 'energy-ledger-workspace',
    formatVersion: 1,
    settings: {
      name: `Bangkok 24/7 CFE demo (${options.key})`,
      timezone: TIMEZONE,
      currency: 'THB',
      priceZone: 'TH-EGAT',
    },
    participants: [
      ...prosumers.map((p) => ({ id: p.id, name: p.name, role: 'prosumer' as const })),
      ...consumers.map((c) => ({ id: c.id, name: c.name, role: 'consumer' as const })),
    ],
    meters: [
      ...prosumers.flatMap((p) => [
        {
          id: `${p.id}-pv`,
          participantId: p.id,
          name: 'Rooftop PV',
          meterType: 1,
          direction: 'generation' as const,
          settles: true,
        },
        ...(p.consumption
          ? [
              {
                id: `${p.id}-load`,
                participantId: p.id,
                name: 'Site load',
                meterType: 1,
                direction: 'consumption' as const,
                settles: true,
              },
            ]
          : []),
      ]),
      ...consumers.map((c) => ({
        id: `${c.id}-main`,
        participantId: c.id,
        name: 'Main incomer',
        meterType: 1,
        direction: 'consumption' as const,
        // The mall's incomer is split into its tenants (virtual meters), which settle instead.
        settles: c.id !== MALL_TENANTS.source,
      })),
    ],
    pools: [
      {
        id: 'bangkok-cfe',
        name: 'Bangkok 24/7 CFE pool',
        versions: [{ effectiveFrom: `${DEMO_YEAR}-01-01`, key: options.key }],
        members: poolMembers,
      },
    ],
    offerPlans: prosumers.map((p) => ({
      id: `${p.id}-offer`,
      participantId: p.id,
      planName: p.planName,
      providerName: p.name,
      energyType: 'Solar',
      versions: [
        {
          effectiveFrom: `${DEMO_YEAR}-01-01`,
          pricePerKwh: p.pricePerKwh,
          sellsLeftoversToMarket: p.sellsLeftoversToMarket,
          marketFloorPricePerKwh: p.marketFloorPricePerKwh,
          feedInPricePerKwh: p.feedInPricePerKwh,
        },
      ],
    })),
    utilityPlans: [
      {
        id: 'egat-brown',
        providerName: 'EGAT',
        planName: 'Brown Energy Plan',
        energyType: 'Conventional',
        versions: [
          {
            effectiveFrom: `${DEMO_YEAR}-01-01`,
            // Priced by MEA's small general service TOU tariff (below): peak and off-peak energy,
            // Ft, the monthly service charge and VAT.
            rate: { type: 'tariff', masterTariffId: DEMO_TARIFF_ID },
          },
        ],
      },
    ],
    utilityPlanAssignments: [
      ...consumers.map((c) => ({
        participantId: c.id,
        utilityPlanId: 'egat-brown',
        effectiveFrom: `${DEMO_YEAR}-01-01`,
      })),
      { participantId: 'p-temple', utilityPlanId: 'egat-brown', effectiveFrom: `${DEMO_YEAR}-01-01` },
    ],
  };
  return definition;
}
