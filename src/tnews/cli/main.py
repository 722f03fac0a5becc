"""The tnews command line."""


def main(argv: list[str] | None = None) -> int:
    """Run tnews."""
    return 0
