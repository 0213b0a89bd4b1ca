"""Lambda function configuration: SAM functions (Globals merged) and plain CloudFormation."""
