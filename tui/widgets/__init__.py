"""Reusable widgets of the meeting screen and the forms."""
