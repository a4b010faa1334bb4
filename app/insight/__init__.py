"""Insight from a map: what a consultant checks before handing it over (health check). Imports no Qt."""
