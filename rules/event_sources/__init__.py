"""Event source mappings: SAM SQS/Kinesis/DynamoDB events and AWS::Lambda::EventSourceMapping."""
