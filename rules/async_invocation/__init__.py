"""Asynchronous invocation: retry and event-age settings, where failed events go, and which targets fit."""
