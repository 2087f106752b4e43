"""Quotations: direct and reported speech with the speaker resolved."""
