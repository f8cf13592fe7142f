"""The database: models, migrations, engines, integrity, backup and restore."""
