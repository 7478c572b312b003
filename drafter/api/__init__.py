"""The HTTP API: thin routes over the pipeline and the draft service."""
