#!/usr/bin/env sh
# List the tools your token may see, through the guard, with the MCP Inspector CLI.
TOKEN="${DOJO_GUARD_TOKEN:?set DOJO_GUARD_TOKEN}"
npx -y @modelcontextprotocol/inspector --cli http://127.0.0.1:8080/mcp \
  --transport http --header "Authorization: Bearer $TOKEN" --method tools/list
