/** How figures are written for people, shared by the renderer and the statements the main process prints. */

/** Common currency symbols; other currencies are written with their ISO code. */
export const currencySymbols: Readonly<Record<string, string>> = {
  THB: '฿',
  USD: '$',
  EUR: '€',
  GBP: '£',
  JPY: '¥',
  AUD: 'A$',
  CAD: 'C$',
};

/** "-1234567.891" → "−1,234,567.891": the digits as given, thousands grouped; `minus` writes the sign. */
export function groupThousands(decimal: string, minus = '−'): string {
  const [whole, fraction] = decimal.split('.');
  const negative = whole!.startsWith('-');
  const digits = negative ? whole!.slice(1) : whole!;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? minus : ''}${grouped}${fraction !== undefined ? `.${fraction}` : ''}`;
}
