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


class SparkUnavailable(PipelineError):
    """pyspark or Java is missing, or the Spark session could not start."""

    code = "R024"
    exit_code = 2


class SparkStoreNotEmpty(PipelineError):
    """The Spark engine bulk-loads into an empty store; incremental runs use the embedded engine."""

    code = "R025"
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


class ModelMissing(RasdError):
    """A model file that ships with rasd is missing or unreadable."""

    code = "R060"


class WebError(RasdError):
    """An HTTP-level error of the web layer; ``status`` is the response status."""

    code = "R070"
    status = 400


class InvalidRequest(WebError):
    code = "R071"
    status = 422


class WritesDisabled(WebError):
    code = "R072"
    status = 403


class Unauthorized(WebError):
    code = "R073"
    status = 401


class PayloadTooLarge(WebError):
    code = "R074"
    status = 413


class MethodNotAllowed(WebError):
    code = "R075"
    status = 405


class InternalError(WebError):
    code = "R079"
    status = 500
