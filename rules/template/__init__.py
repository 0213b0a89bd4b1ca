"""Template-level rules: what the parser noticed that CloudFormation rejects, and template quotas."""
