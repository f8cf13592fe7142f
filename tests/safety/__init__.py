"""Safety tests: crashes, contention, bad input, security, backup and restore (issue #6)."""
