"""Feed parsing tests."""
