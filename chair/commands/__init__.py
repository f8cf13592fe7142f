"""The subcommands of `chair`: each module registers its parser and runs lazily."""
