"""Pure rules of Chair: statuses, readings, breaches, the gate, decisions, actions, minutes.

No I/O, no clock, no UI. Importing this package must stay cheap (no polars here: the metric
catalogue lives in `domain.metrics` and is imported only by the code that computes readings).
"""
