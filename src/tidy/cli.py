"""Command line (placeholder until the CLI lands)."""


def main() -> None:
    raise SystemExit("tidy: the command line is not built yet")
