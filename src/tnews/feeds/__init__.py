"""Feed parsing: bytes to our own feed and article types."""
