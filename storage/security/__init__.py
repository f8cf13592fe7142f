"""The record's security: hash chains, PostgreSQL grants, the registered roster."""
