"""Deterministic demo data: a realistic IT service desk generated from a seed and an instant."""
