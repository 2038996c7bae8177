/**
 * A page of MCP documentation showing one tool call, as a team pastes it into a finding's note:
 * the text the open-tools tests judge (test/injection/open-tools.test.ts, scan-text.e2e.test.ts).
 */
export const callDocs = (call: string): string =>
  [
    'AI pilot - reference material (from the vendor docs of the MCP server)',
    '',
    'Retrieve findings with filtering. Example of what the assistant sends:',
    '',
    call,
    '',
    'For risk questions, filter on status ["Active"] so historical data does not inflate numbers.',
  ].join('\n');
