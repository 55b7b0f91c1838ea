"""Seeded generators of the synthetic data sets; each module declares its ``TABLES``."""
