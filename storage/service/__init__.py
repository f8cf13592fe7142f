"""The application service: the one door from the TUI and the CLI into storage and data, in parts.

The door itself is `storage.service.chair.ChairService`: it builds one `Store`
(storage.service.store: sessions, transactions, the audit log, identity) and hands out the parts
over it, typed: `service.meetings`, `service.sections` (the gate), `service.decisions`,
`service.actions`, `service.minutes`, and the rest. Every write is one transaction: a confirmed
entry is committed before the method returns. Methods return plain domain records, never ORM
rows. This package face stays light so that `chair actions` (storage.service.action_report)
loads no ORM.
"""
