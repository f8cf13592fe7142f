"""Chair's command line: the `chair` command and its subcommands (see chair.cli)."""

__version__ = "0.1.0"
