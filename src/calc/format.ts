/** Swedish number formatting: `−47 699`, `67,9`, `-` replaced by the minus sign, spaces as thousands separators. */
export function formatNumber(value: number, maxDecimals = 1): string {
  const decimals = Number.isInteger(value) ? 0 : maxDecimals;
  return new Intl.NumberFormat('sv-SE', { maximumFractionDigits: decimals, minimumFractionDigits: 0 })
    .format(value)
    .replace(/[\u00a0\u202f]/g, ' ');
}

export function formatAmount(value: number, unit: string | null, maxDecimals = 1): string {
  return unit ? `${formatNumber(value, maxDecimals)} ${unit}` : formatNumber(value, maxDecimals);
}

export function round(value: number, decimals = 6): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}
