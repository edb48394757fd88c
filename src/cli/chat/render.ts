import type { Reply } from '../../app/conversation.ts';
import type { DocumentSummary } from '../../app/pipeline.ts';
import type { Table } from '../../model/document.ts';
import { formatNumber } from '../../slack/blocks/format.ts';

/** A reply as terminal text: the same content as in Slack (answer, figures, sources), without Block Kit. */
export function renderReply(reply: Reply, documents: readonly DocumentSummary[]): string {
  const titleOf = (id: string) => documents.find((d) => d.id === id)?.title ?? id;
  switch (reply.type) {
    case 'answer': {
      const a = reply.answer;
      const out = [a.answer];
      if ((a.kind === 'calculation' || a.kind === 'trend') && a.values.length) {
        out.push('', 'Siffror:');
        for (const v of a.values) out.push(`  ${[v.label, v.period].filter(Boolean).join(', ')}: ${formatNumber(v.value)} ${v.unit}`.trimEnd());
      }
      if (a.citations.length) {
        out.push('', 'Källor:');
        a.citations.forEach((c, i) => {
          out.push(`  ${i + 1}. ${titleOf(c.document)}, s. ${c.page}${c.section ? ` · ${c.section}` : ''}`);
          out.push(`     ”${c.quote.replace(/\s+/g, ' ').slice(0, 300)}”`);
        });
      }
      return out.join('\n');
    }
    case 'table':
      return renderTable(reply.documentTitle, reply.table);
    case 'documents':
      return reply.documents.length
        ? reply.documents.map((d) => `• ${d.title} — ${[d.municipality, d.committee, d.year].filter(Boolean).join(', ')} (${d.pageCount} s., ${d.tableCount} tabeller) [${d.id}]`).join('\n')
        : 'Inga dokument är inlästa.';
    case 'help':
      return [
        'Ställ en fråga om nämndhandlingarna, t.ex. "Vilka nämnder prognostiserar underskott i DR2 2022?"',
        'Följdfrågor: "och 2021?", "vilken sida?", "visa tabellen".',
        'Kommandon: /fråga …, /sammanfatta DOKUMENT, /underskott DOKUMENT, /trend INDIKATOR, /dokument, /hjälp. Avsluta med Ctrl-D.',
      ].join('\n');
    case 'text':
      return reply.text;
  }
}

function renderTable(title: string, table: Table): string {
  const rows = [...table.header.slice(-1), ...table.rows];
  const width = Math.max(...rows.map((r) => r.length));
  const colWidth = Array.from({ length: width }, (_, c) => Math.min(40, Math.max(...rows.map((r) => (r[c] ?? '').length))));
  const line = (r: string[]) => r.map((cell, c) => (c === 0 ? cell.padEnd(colWidth[c]!) : cell.padStart(colWidth[c]!))).join('  ');
  return [`${table.caption} — ${title}, s. ${table.pages.join('–')}`, ...rows.map(line)].join('\n');
}
