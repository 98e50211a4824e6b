/**
 * Colours of the drill-down's charts, chosen to stay apart for readers with
 * red–green colour blindness (deuteranopia, protanopia) as well as for
 * everyone else: Okabe & Ito's eight-colour set (less black) and Paul Tol's
 * muted and bright sets, picked greedily so that no two of the party colours
 * and the reserved ones (open market, unsold, grid) come closer than
 * ΔE*ab 10 in CIELAB, in normal vision or either simulated deficiency
 * (test/unit/palette.test.ts checks it). Parties (buying consumers, selling
 * generators) take the party colours in turn; every chart also names them
 * (labels, legends, a table beside the pie), so colour is never the only cue.
 */

/** Twelve colours for the parties of a chart, in the order they are taken. */
export const PARTY_PALETTE = [
  '#E69F00', // Okabe–Ito orange
  '#117733', // Tol muted green
  '#DDCC77', // Tol muted sand
  '#56B4E9', // Okabe–Ito sky blue
  '#332288', // Tol muted indigo
  '#D55E00', // Okabe–Ito vermillion
  '#F0E442', // Okabe–Ito yellow
  '#882255', // Tol muted wine
  '#CC79A7', // Okabe–Ito reddish purple
  '#999933', // Tol muted olive
  '#88CCEE', // Tol muted cyan
  '#009E73', // Okabe–Ito bluish green
] as const;

/** Reserved for what is not a party: the open market, unsold energy and the grid. */
export const OPEN_MARKET_COLOR = '#0072B2'; // Okabe–Ito blue
export const UNSOLD_COLOR = '#BBBBBB'; // Tol bright grey
export const GRID_COLOR = '#777777';
/** 24/7 CFE as one series (a month's or a year's traded energy, beside the open market and unsold). */
export const TRADED_COLOR = '#117733';
/** Lines drawn over bars (production, load, earnings, cost): told apart by their shape, not only their colour. */
export const LINE_COLOR = '#CC3311'; // Tol vibrant red
export const SECOND_LINE_COLOR = '#AA4499'; // Tol muted purple

export const SALE_COLORS = {
  traded: TRADED_COLOR,
  open_market: OPEN_MARKET_COLOR,
  unsold: UNSOLD_COLOR,
} as const;

/** The colour of the `index`-th party (they repeat past twelve; the names tell them apart). */
export function partyColor(index: number): string {
  return PARTY_PALETTE[((index % PARTY_PALETTE.length) + PARTY_PALETTE.length) % PARTY_PALETTE.length]!;
}
