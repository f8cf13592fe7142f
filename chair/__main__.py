"""`python -m chair` runs the same command line as the installed `chair` command."""

from chair.cli import main

raise SystemExit(main())
