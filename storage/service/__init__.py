"""The application service: the one door from the TUI and the CLI into storage and data, in parts.

The door itself is `storage.service.chair.ChairService`; this package face stays light so that
`chair actions` (storage.service.action_report) loads no ORM.
"""
