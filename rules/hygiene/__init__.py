"""Observability, hygiene and containers."""
