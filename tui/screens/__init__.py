"""Screens of Chair: home, meeting, decision form, minutes, help, small modal choices."""
