const NUMBER = new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 2 });

/** Swedish number formatting with an ASCII-safe minus (Slack fonts render U+2212 unevenly). */
export function formatNumber(value: number): string {
  return NUMBER.format(value).replace(/\u2212/g, '−').replace(/\u00a0/g, ' ');
}

/** Slack mrkdwn needs &, < and > escaped in any text that came from a document or a user. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}
