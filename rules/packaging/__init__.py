"""Packaging: what a function ships, measured from the local files the template names."""
