"""Step Functions state machines: definitions inline, as strings, or in local files."""
