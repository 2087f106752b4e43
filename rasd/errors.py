"""One exception tree with coded messages. The library raises; only the CLI prints."""

from __future__ import annotations


class RasdError(Exception):
    """Base of every error rasd raises on purpose. ``code`` is stable across versions."""

    code = "R000"
    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(f"{self.code} {message}")
        self.message = message


class SettingsError(RasdError):
    code = "R001"
    exit_code = 2


class StoreError(RasdError):
    code = "R010"


class UnknownStoreURL(StoreError):
    code = "R012"
    exit_code = 2


class SchemaError(StoreError):
    code = "R013"


class PipelineError(RasdError):
    code = "R020"


class StageOrderError(PipelineError):
    code = "R021"


class UnknownStageError(PipelineError):
    code = "R022"
    exit_code = 2


class SourceError(RasdError):
    code = "R030"


class FetchRefused(SourceError):
    code = "R031"


class NotFound(RasdError):
    code = "R040"
    exit_code = 3


class EvalError(RasdError):
    code = "R050"


class DataMissing(EvalError):
    """Evaluation data is absent; callers report it as a skip, not a failure."""

    code = "R051"
    exit_code = 4


class UnknownTask(EvalError):
    code = "R052"
    exit_code = 2
