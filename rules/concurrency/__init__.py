"""Lambda concurrency: reserved concurrency against the account pool, provisioned within reserved."""
