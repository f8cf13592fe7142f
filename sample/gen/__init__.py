"""Seeded generators of the fictional practice's data files, one module per source."""
