/**
 * The template offered by "Download a template": a small example market that imports as it
 * is (three participants, one pool, one offer plan, one utility plan), with a `description`
 * on each part saying what it is for and `$schema` naming the JSON Schema of the format
 * (docs/workspace-definition.schema.json). The importer reads `$schema` and `description`
 * as notes: the definition's objects are not strict, so keys it does not know are left out.
 */
import type { WorkspaceDefinitionInput } from './definition';

/** The `$id` of docs/workspace-definition.schema.json, which a definition names as its `$schema`. */
export const WORKSPACE_DEFINITION_SCHEMA_ID =
  'https://energy-ledger.invalid/schemas/workspace-definition-1.json';

type Described<T> = T & { description: string };
type Part<K extends keyof WorkspaceDefinitionInput> = WorkspaceDefinitionInput[K];
type Item<K extends keyof WorkspaceDefinitionInput> = Part<K> extends (infer T)[] ? Described<T> : never;

export interface DefinitionTemplate {
  $schema: string;
  description: string;
  format: Part<'format'>;
  formatVersion: Part<'formatVersion'>;
  settings: Described<Part<'settings'>>;
  participants: Item<'participants'>[];
  meters: Item<'meters'>[];
  pools: Item<'pools'>[];
  offerPlans: Item<'offerPlans'>[];
  utilityPlans: Item<'utilityPlans'>[];
  utilityPlanAssignments: Item<'utilityPlanAssignments'>[];
}

export const DEFINITION_TEMPLATE_FILE_NAME = 'energy-ledger-definition-template.json';

export const definitionTemplate: DefinitionTemplate = {
  $schema: WORKSPACE_DEFINITION_SCHEMA_ID,
  description:
    'An example market to start from: one prosumer with a rooftop solar meter sells to two consumers in one pool; what the pool does not cover comes from the grid at a flat rate. Change the names, ids, dates and prices, then import it (Imports, or the Workspace page). Decimals are strings; dates are local days YYYY-MM-DD in the timezone below.',
  format: 'energy-ledger-workspace',
  formatVersion: 1,
  settings: {
    description:
      'The market: its name, the IANA timezone its days and hours are counted in, the ISO 4217 currency of every price, and the price zone its market prices are imported for. paymentTolerance (optional): a payment this close to the amount due counts as paid.',
    name: 'Example market',
    timezone: 'Asia/Bangkok',
    currency: 'THB',
    priceZone: 'TH-EXAMPLE',
    paymentTolerance: '0.05',
  },
  participants: [
    {
      description: 'A prosumer: it generates (a generation meter) and sells through its offer plan.',
      id: 'sunny-rooftops',
      name: 'Sunny Rooftops',
      role: 'prosumer',
    },
    {
      description: 'A consumer: it buys from the pool first and from its utility plan for the rest.',
      id: 'corner-bakery',
      name: 'Corner Bakery',
      role: 'consumer',
    },
    {
      description: 'A second consumer, served by the same pool.',
      id: 'village-school',
      name: 'Village School',
      role: 'consumer',
    },
  ],
  meters: [
    {
      description:
        "The prosumer's solar generation. Readings are imported for meters by their id; meterType 1 is the settled meter.",
      id: 'sunny-rooftops-pv',
      participantId: 'sunny-rooftops',
      name: 'Rooftop PV',
      meterType: 1,
      direction: 'generation',
      settles: true,
    },
    {
      description: "The bakery's consumption meter.",
      id: 'corner-bakery-main',
      participantId: 'corner-bakery',
      name: 'Main meter',
      meterType: 1,
      direction: 'consumption',
      settles: true,
    },
    {
      description: "The school's consumption meter.",
      id: 'village-school-main',
      participantId: 'village-school',
      name: 'Main meter',
      meterType: 1,
      direction: 'consumption',
      settles: true,
    },
  ],
  pools: [
    {
      description:
        "The pool shares each hour's generation among its consumers by its key: prorata (by consumption), priority (by rank, 1 first) or static (a fixed share each, summing to at most 1). Versions change the key from a date; members join and leave on dates.",
      id: 'village-pool',
      name: 'Village pool',
      versions: [{ effectiveFrom: '2024-01-01', key: 'prorata' }],
      members: [
        { participantId: 'sunny-rooftops', effectiveFrom: '2024-01-01' },
        { participantId: 'corner-bakery', effectiveFrom: '2024-01-01' },
        { participantId: 'village-school', effectiveFrom: '2024-01-01' },
      ],
    },
  ],
  offerPlans: [
    {
      description:
        'What the prosumer charges per kWh in the pool; leftovers go to the open market (not below the floor price) or are fed in at the feed-in price. Versions change prices from a date.',
      id: 'sunny-rooftops-offer',
      participantId: 'sunny-rooftops',
      planName: 'Sunny Solar',
      providerName: 'Sunny Rooftops',
      energyType: 'Solar',
      versions: [
        {
          effectiveFrom: '2024-01-01',
          pricePerKwh: '3.5',
          sellsLeftoversToMarket: true,
          marketFloorPricePerKwh: '0',
          feedInPricePerKwh: '1.5',
        },
      ],
    },
  ],
  utilityPlans: [
    {
      description:
        'The grid supply for energy the pool does not cover: a flat rate, 24 hourly prices (type tou), or a tariff of the workspace (type tariff, by masterTariffId).',
      id: 'grid-flat',
      providerName: 'City Utility',
      planName: 'Flat rate',
      energyType: 'Conventional',
      versions: [{ effectiveFrom: '2024-01-01', rate: { type: 'flat', pricePerKwh: '4.5' } }],
    },
  ],
  utilityPlanAssignments: [
    {
      description: 'The bakery buys from the grid on the flat rate from this date.',
      participantId: 'corner-bakery',
      utilityPlanId: 'grid-flat',
      effectiveFrom: '2024-01-01',
    },
    {
      description: 'The school too.',
      participantId: 'village-school',
      utilityPlanId: 'grid-flat',
      effectiveFrom: '2024-01-01',
    },
  ],
};

/** The template as the JSON text of its download. */
export function definitionTemplateText(): string {
  return `${JSON.stringify(definitionTemplate, null, 2)}\n`;
}
