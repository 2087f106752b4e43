"""CLI command groups by capability; each module adds its commands to ``rasd.cli.cli``."""
