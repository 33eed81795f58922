"""Contradiction rules: each a small pure function registered under a stable id."""
