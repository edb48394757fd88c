import type { types } from '@slack/bolt';

type KnownBlock = types.KnownBlock;
import type { DocumentSummary } from '../../app/pipeline.ts';
import type { Table } from '../../model/document.ts';
import { escapeMrkdwn, truncate } from './format.ts';

/** A table as monospace text: Slack has no table block, and a code block keeps the columns aligned. */
export function tableBlocks(documentTitle: string, table: Table): KnownBlock[] {
  const header = table.header.at(-1) ?? [];
  const all = [header.length ? table.header.map((r) => r.join(' | ')).slice(-1)[0]! : '', ...table.rows.map((r) => r.join(' | '))].filter(Boolean);
  const body = truncate(all.join('\n'), 2800);
  return [
    { type: 'section', text: { type: 'mrkdwn', text: `*${escapeMrkdwn(table.caption || 'Tabell')}* — ${escapeMrkdwn(documentTitle)}, s. ${table.pages.join('–')}` } },
    { type: 'section', text: { type: 'mrkdwn', text: `\`\`\`${escapeMrkdwn(body)}\`\`\`` } },
  ];
}

export function documentListBlocks(docs: readonly DocumentSummary[]): KnownBlock[] {
  if (docs.length === 0) return [{ type: 'section', text: { type: 'mrkdwn', text: 'Inga dokument är indexerade här än. Dela en PDF med mig så läser jag in den.' } }];
  const lines = docs.map(
    (d) =>
      `• *${escapeMrkdwn(d.title)}* — ${escapeMrkdwn([d.municipality, d.committee, d.year].filter(Boolean).join(', '))} (${d.pageCount} s., ${d.tableCount} tabeller) \`${d.id}\``,
  );
  return [{ type: 'section', text: { type: 'mrkdwn', text: truncate(`*Indexerade dokument (${docs.length})*\n${lines.join('\n')}`, 2900) } }];
}

export const HELP_TEXT = [
  '*Nämndkoll* svarar på frågor om nämndhandlingarna, med källa (dokument, sida, citat).',
  '• Nämn mig i en kanal eller skriv till mig direkt: _Vilka nämnder prognostiserar underskott i DR2 2022?_',
  '• Följdfrågor i tråden: _och 2021?_, _vilken sida?_, _visa tabellen_',
  '• `/namndkoll fråga …` · `/namndkoll sammanfatta DOKUMENT` · `/namndkoll underskott DOKUMENT` · `/namndkoll trend INDIKATOR` · `/namndkoll dokument` · `/namndkoll hjälp`',
  '• Dela en PDF i kanalen (eller med mig) så läser jag in den.',
].join('\n');
