"""HTML to our own document model: bodies, see-also and related links."""
