"""Development tools: benchmarks, the scripted and hostile LLM servers, the reply gallery and local-server
helpers. Nothing in the pipeline's stage packages imports from here; only the CLI's developer commands and
the tests do."""
