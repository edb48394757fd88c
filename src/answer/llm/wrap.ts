/**
 * Text from a PDF (passages, row labels, column headers, captions, titles, file names) as the model sees it: inside
 * `<document-text>` and escaped, so that nothing a document says can close the wrapping and speak as the prompt.
 */
export function documentText(text: string): string {
  return `<document-text>${escapeDocumentText(text)}</document-text>`;
}

export function escapeDocumentText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
