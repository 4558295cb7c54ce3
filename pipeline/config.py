"""Loading and validating pipeline configs, with errors a user can act on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from confection import Config, ConfigValidationError

from .messages import ModelMissingError, one_line
from .paths import default_config_path

_MAX_DETAIL = 300  # spaCy's registry errors list every registered name; one line is enough


class ConfigError(ValueError):
    """The config file is missing, malformed or names unknown settings."""


def read_config(path: str | Path | None = None, overrides: dict[str, Any] | None = None) -> Config:
    cfg_path = Path(path) if path else default_config_path()
    if not cfg_path.exists():
        raise ConfigError(f"{cfg_path}: config file not found")
    try:  # confection, not spacy.util.load_config: a run served from the cache never imports
        # spaCy (seconds with torch installed)
        return Config().from_disk(cfg_path, overrides=overrides or {}, interpolate=True)
    except ConfigValidationError as err:
        raise ConfigError(f"{cfg_path}: {_describe(err)}") from err
    except Exception as err:  # confection raises several parser errors
        raise ConfigError(f"{cfg_path}: cannot parse config ({_describe(err)})") from err


def load_nlp(path: str | Path | None = None, overrides: dict[str, Any] | None = None):
    """Assemble the pipeline; unknown keys and bad values become :class:`ConfigError`."""
    import spacy

    from . import register_components
    from .language import ZhkgLanguage

    register_components()
    config = read_config(path, overrides)
    cfg_path = path or default_config_path()
    try:
        if config.get("nlp", {}).get("lang") == ZhkgLanguage.lang:
            return ZhkgLanguage.from_config(config, auto_fill=True, validate=True)
        return spacy.util.load_model_from_config(config, auto_fill=True, validate=True)
    except ConfigValidationError as err:
        raise ConfigError(f"{cfg_path}: {_describe(err)}") from err
    except ModelMissingError:
        raise
    except Exception as err:  # a component rejected a setting (bad rules path,
        # malformed rules JSON, unknown registry name or language): a config error for the user
        detail = one_line(_describe(err), _MAX_DETAIL)
        raise ConfigError(
            f"{cfg_path}: cannot build the pipeline ({type(err).__name__}: {detail})"
        ) from err


def _describe(err: Exception) -> str:
    """A config error on one line; a validation error lists each failing setting."""
    if isinstance(err, ConfigValidationError) and err.errors:
        parts = [f"{'.'.join(map(str, e.get('loc', [])))}: {e.get('msg')}" for e in err.errors]
        title = one_line(err.title or "")
        return f"{title} ({'; '.join(parts)})" if title else "; ".join(parts)
    return one_line(err)
