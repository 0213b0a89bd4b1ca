"""S3 triggers and recursive loops: notifications, their permissions, and functions that feed themselves."""
