"""DynamoDB tables and global tables."""
