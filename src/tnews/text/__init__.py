"""Cleaning and normalising untrusted text."""
