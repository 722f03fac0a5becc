"""Tests for the network layer, against a real local server."""
