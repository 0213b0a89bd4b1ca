"""Messaging and scheduling: SNS, EventBridge rules, EventBridge Scheduler."""
